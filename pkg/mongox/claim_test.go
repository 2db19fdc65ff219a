package mongox_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
)

func TestNextNumberNeverRepeats(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	coll := db.Collection("seq")
	if _, err := coll.Indexes().CreateMany(t.Context(), mongox.ClaimIndexes()); err != nil {
		t.Fatal(err)
	}
	const n = 20
	got := make(chan int64, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			v, err := mongox.NextNumber(t.Context(), coll, "company-a")
			if err != nil {
				t.Error(err)
				return
			}
			got <- v
		})
	}
	wg.Wait()
	close(got)
	seen := map[int64]bool{}
	for v := range got {
		if seen[v] {
			t.Fatalf("number %d handed out twice", v)
		}
		seen[v] = true
	}
	if len(seen) != n {
		t.Fatalf("%d numbers for %d callers", len(seen), n)
	}
	if v, err := mongox.NextNumber(t.Context(), coll, "company-b"); err != nil || v != 1 {
		t.Fatalf("another key starts at %d (%v), want 1", v, err)
	}
	var slot bson.M
	if err := coll.FindOne(t.Context(), bson.M{"_id": "company-b#1"}).Decode(&slot); err != nil {
		t.Fatalf("slot is not stored as <key>#<n>: %v", err)
	}
	if slot["key"] != "company-b" || slot["n"] != int64(1) {
		t.Fatalf("slot %v", slot)
	}
}

func TestSeedNumberContinuesTheSequence(t *testing.T) {
	t.Parallel()
	coll := mongotest.DB(t).Collection("seq")
	if err := mongox.SeedNumber(t.Context(), coll, "c", 41); err != nil {
		t.Fatal(err)
	}
	if err := mongox.SeedNumber(t.Context(), coll, "c", 7); err != nil { // below: no effect
		t.Fatal(err)
	}
	if v, err := mongox.NextNumber(t.Context(), coll, "c"); err != nil || v != 42 {
		t.Fatalf("after seeding 41: %d (%v), want 42", v, err)
	}
}

func TestClaimVersionExactlyOneWins(t *testing.T) {
	t.Parallel()
	coll := mongotest.DB(t).Collection("claims")
	current := func(context.Context) (int64, error) { return 3, nil }
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			ok, err := mongox.ClaimVersion(t.Context(), coll, "ticket-1", 3, current)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d writers won, want exactly 1", wins.Load())
	}
	if n, err := coll.CountDocuments(t.Context(), bson.M{"_id": "ticket-1#4"}); err != nil || n != 1 {
		t.Fatalf("claim ticket-1#4 stored %d times (%v)", n, err)
	}
}

func TestClaimVersionTakesOverAStaleClaim(t *testing.T) {
	t.Parallel()
	coll := mongotest.DB(t).Collection("claims")
	// A writer claimed 7→8 a minute ago and died before updating.
	ago := time.Now().Add(-time.Minute)
	if won, err := mongox.TakeLease(t.Context(), coll, mongox.Lease{Key: "t", N: 8, Until: ago.Add(mongox.StaleClaimAge)}, ago, nil); err != nil || !won {
		t.Fatalf("setup: %v %v", won, err)
	}
	moved := func(context.Context) (int64, error) { return 8, nil }
	if ok, err := mongox.ClaimVersion(t.Context(), coll, "t", 7, moved); err != nil || ok {
		t.Fatalf("stale claim of a write that landed was taken over: ok=%v err=%v", ok, err)
	}
	still7 := func(context.Context) (int64, error) { return 7, nil }
	if ok, err := mongox.ClaimVersion(t.Context(), coll, "t", 7, still7); err != nil || !ok {
		t.Fatalf("stale claim not recovered: ok=%v err=%v", ok, err)
	}
	// The new claim is fresh and respected.
	if ok, err := mongox.ClaimVersion(t.Context(), coll, "t", 7, still7); err != nil || ok {
		t.Fatalf("fresh claim taken twice: ok=%v err=%v", ok, err)
	}
}

type versionedDoc struct {
	ID      bson.ObjectID `bson:"_id"`
	Tenant  string        `bson:"tenant"`
	Title   string        `bson:"title"`
	Version int64         `bson:"version"`
}

func TestVersionedUpdateExactlyOneWins(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	v := mongox.Versioned{Docs: db.Collection("docs"), Claims: db.Collection("doc_claims"),
		Stale: func(cur int64) error { return errs.New(errs.ErrConflict, "stale, now %d", cur) }}
	id := bson.NewObjectID()
	if _, err := v.Docs.InsertOne(t.Context(), versionedDoc{ID: id, Tenant: "a", Title: "first", Version: 1}); err != nil {
		t.Fatal(err)
	}
	const n = 10
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var out versionedDoc
			err := v.Update(t.Context(), bson.M{"tenant": "a"}, id.Hex(), 1, bson.M{"$set": bson.M{"title": "writer " + string(rune('a'+i))}}, &out)
			switch {
			case err == nil:
				wins.Add(1)
				if out.Version != 2 {
					t.Errorf("winner read version %d, want 2", out.Version)
				}
			case !errors.Is(err, errs.ErrConflict):
				t.Errorf("loser: %v, want a conflict", err)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d writers won, want exactly 1", wins.Load())
	}
	var stored versionedDoc
	if err := v.Docs.FindOne(t.Context(), bson.M{"_id": id}).Decode(&stored); err != nil || stored.Version != 2 {
		t.Fatalf("stored version %d (%v), want 2", stored.Version, err)
	}
	var out versionedDoc
	if err := v.Update(t.Context(), bson.M{"tenant": "a"}, id.Hex(), 1, bson.M{"$set": bson.M{"title": "late"}}, &out); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("stale version: %v", err)
	}
	if err := v.Update(t.Context(), bson.M{"tenant": "b"}, id.Hex(), 2, bson.M{"$set": bson.M{"title": "other tenant"}}, &out); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("out of scope: %v, want not found", err)
	}
	if err := v.Update(t.Context(), bson.M{"tenant": "a"}, "nope", 2, bson.M{"$set": bson.M{"title": "bad id"}}, &out); !errors.Is(err, errs.ErrMalformedID) {
		t.Fatalf("malformed id: %v", err)
	}
	if err := v.Update(t.Context(), bson.M{"tenant": "a"}, id.Hex(), 0, bson.M{"$set": bson.M{"title": "no version"}}, &out); err == nil {
		t.Fatal("version 0 accepted")
	}
	if err := v.Docs.FindOne(t.Context(), bson.M{"_id": id}).Decode(&stored); err != nil || stored.Version != 2 || stored.Title == "late" {
		t.Fatalf("refused writes changed the document: %+v (%v)", stored, err)
	}
}
