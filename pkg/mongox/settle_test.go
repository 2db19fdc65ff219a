package mongox_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
)

// TestSettleKeepsTheVersionAndLosesNoWrite: Settle changes a document
// without moving its version, is refused at another version (409) or out
// of scope (404), releases its claim (a writer of that version succeeds
// afterwards), and never writes back over a versioned writer racing it.
func TestSettleKeepsTheVersionAndLosesNoWrite(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	ctx := t.Context()
	v := mongox.Versioned{Docs: db.Collection("docs"), Claims: db.Collection("doc_claims"),
		Stale: func(cur int64) error { return errs.New(errs.ErrConflict, "stale, now %d", cur) }}
	id := bson.NewObjectID()
	if _, err := v.Docs.InsertOne(ctx, versionedDoc{ID: id, Tenant: "a", Title: "first", Version: 1}); err != nil {
		t.Fatal(err)
	}
	mark := func(note string) func(context.Context, bson.Raw) (bson.M, error) {
		return func(context.Context, bson.Raw) (bson.M, error) { return bson.M{"$push": bson.M{"notes": note}}, nil }
	}
	var out versionedDoc
	if err := v.Settle(ctx, bson.M{"tenant": "a"}, id.Hex(), 1, mark("n1"), &out); err != nil || out.Version != 1 {
		t.Fatalf("settle: %v, version %d, want 1", err, out.Version)
	}
	if err := v.Settle(ctx, bson.M{"tenant": "b"}, id.Hex(), 1, mark("x"), nil); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("out of scope: %v, want not found", err)
	}
	if err := v.Settle(ctx, bson.M{"tenant": "a"}, id.Hex(), 7, mark("x"), nil); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("other version: %v, want a conflict", err)
	}
	// Versioned writers racing settles: every acknowledged write stays.
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := map[int64]string{}
	for i := range 8 {
		wg.Go(func() {
			for range 10 {
				var cur versionedDoc
				if err := v.Docs.FindOne(ctx, bson.M{"_id": id}).Decode(&cur); err != nil {
					t.Error(err)
					return
				}
				if i%2 == 0 {
					_ = v.Settle(ctx, bson.M{}, id.Hex(), cur.Version, mark("s"), nil)
					continue
				}
				title := "writer " + string(rune('a'+i))
				var nd versionedDoc
				if err := v.Update(ctx, bson.M{}, id.Hex(), cur.Version, bson.M{"$set": bson.M{"title": title}}, &nd); err == nil {
					mu.Lock()
					acked[nd.Version] = title
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	var stored versionedDoc
	if err := v.Docs.FindOne(ctx, bson.M{"_id": id}).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	if stored.Version != int64(1+len(acked)) || stored.Title != acked[stored.Version] {
		t.Fatalf("stored v%d %q after %d acknowledged writes (last: %q): a write was lost", stored.Version, stored.Title, len(acked), acked[stored.Version])
	}
	if err := v.Update(ctx, bson.M{}, id.Hex(), stored.Version, bson.M{"$set": bson.M{"title": "after"}}, &out); err != nil {
		t.Fatalf("a writer after the settles: %v (a claim left behind?)", err)
	}
}

// TestInsertNewCountsStoredAsDone: a retried insert of records keyed by
// their origin adds only the missing ones.
func TestInsertNewCountsStoredAsDone(t *testing.T) {
	t.Parallel()
	coll := mongotest.DB(t).Collection("records")
	a, b := bson.NewObjectID(), bson.NewObjectID()
	if err := mongox.InsertNew(t.Context(), coll, []any{bson.M{"_id": a}}); err != nil {
		t.Fatal(err)
	}
	if err := mongox.InsertNew(t.Context(), coll, []any{bson.M{"_id": a}, bson.M{"_id": b}, bson.M{"_id": a}}); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if n, err := coll.CountDocuments(t.Context(), bson.M{}); err != nil || n != 2 {
		t.Fatalf("%d records (%v), want 2", n, err)
	}
}
