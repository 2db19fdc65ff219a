package mongox_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
)

func TestNextNumberNeverRepeats(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	coll := db.Collection("seq")
	if _, err := coll.Indexes().CreateOne(t.Context(), mongox.SequenceIndex()); err != nil {
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
	for i := int64(1); i <= n; i++ {
		if !seen[i] {
			t.Fatalf("numbers are not 1..%d: %v", n, seen)
		}
	}
	if v, err := mongox.NextNumber(t.Context(), coll, "company-b"); err != nil || v != 1 {
		t.Fatalf("another key starts at %d (%v), want 1", v, err)
	}
}

func TestClaimVersionExactlyOneWins(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	coll := db.Collection("claims")
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
}

func TestClaimVersionClearsStaleClaim(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	coll := db.Collection("claims")
	// A writer claimed 7→8 a minute ago and died before updating.
	old := time.Now().Add(-time.Minute).UTC()
	if _, err := coll.InsertOne(t.Context(), bson.M{"_id": "t@8", "entity_id": "t", "claimed_at": old}); err != nil {
		t.Fatal(err)
	}
	still7 := func(context.Context) (int64, error) { return 7, nil }
	ok, err := mongox.ClaimVersion(t.Context(), coll, "t", 7, still7)
	if err != nil || !ok {
		t.Fatalf("stale claim not recovered: ok=%v err=%v", ok, err)
	}
	// A fresh claim is respected.
	ok, err = mongox.ClaimVersion(t.Context(), coll, "t", 7, still7)
	if err != nil || ok {
		t.Fatalf("fresh claim taken twice: ok=%v err=%v", ok, err)
	}
}
