package mongox_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
)

var always = func(context.Context) (bool, error) { return true, nil }

func TestLeaseHoldsUntilItEnds(t *testing.T) {
	t.Parallel()
	coll := mongotest.DB(t).Collection("leases")
	t0 := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	take := func(owner string, now time.Time) bool {
		t.Helper()
		won, err := mongox.TakeLease(t.Context(), coll, mongox.Lease{Key: "job-1", N: 1, Owner: owner, Until: now.Add(time.Minute)}, now, always)
		if err != nil {
			t.Fatal(err)
		}
		return won
	}
	if !take("a", t0) {
		t.Fatal("free slot not taken")
	}
	if take("b", t0.Add(59*time.Second)) {
		t.Fatal("lease taken over while it runs")
	}
	if !take("b", t0.Add(61*time.Second)) {
		t.Fatal("ended lease not taken over")
	}
	var held bson.M
	if err := coll.FindOne(t.Context(), bson.M{"_id": "job-1#1"}).Decode(&held); err != nil || held["owner"] != "b" {
		t.Fatalf("lease after takeover: %v (%v), want owner b", held, err)
	}
	// Another slot of the same key is another lease.
	won, err := mongox.TakeLease(t.Context(), coll, mongox.Lease{Key: "job-1", N: 2, Owner: "c", Until: t0.Add(2 * time.Minute)}, t0, nil)
	if err != nil || !won {
		t.Fatalf("slot 2: %v %v", won, err)
	}
	// Without a takeover rule an ended lease stays.
	if won, err := mongox.TakeLease(t.Context(), coll, mongox.Lease{Key: "job-1", N: 2, Owner: "d", Until: t0.Add(time.Hour)}, t0.Add(time.Hour), nil); err != nil || won {
		t.Fatalf("ended lease taken without a rule: %v %v", won, err)
	}
	// A takeover rule that says no keeps it too.
	no := func(context.Context) (bool, error) { return false, nil }
	if won, err := mongox.TakeLease(t.Context(), coll, mongox.Lease{Key: "job-1", N: 2, Owner: "d", Until: t0.Add(time.Hour)}, t0.Add(time.Hour), no); err != nil || won {
		t.Fatalf("ended lease taken against the rule: %v %v", won, err)
	}
}

func TestEndedLeaseIsTakenOverByExactlyOne(t *testing.T) {
	t.Parallel()
	coll := mongotest.DB(t).Collection("leases")
	t0 := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	if won, err := mongox.TakeLease(t.Context(), coll, mongox.Lease{Key: "tick", N: 7, Owner: "dead", Until: t0.Add(time.Minute)}, t0, nil); err != nil || !won {
		t.Fatalf("setup: %v %v", won, err)
	}
	later := t0.Add(2 * time.Minute)
	for round := range 3 {
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				owner := "r" + strconv.Itoa(round) + "-" + strconv.Itoa(i)
				won, err := mongox.TakeLease(t.Context(), coll, mongox.Lease{Key: "tick", N: 7, Owner: owner, Until: later.Add(time.Minute)}, later, always)
				if err != nil {
					t.Error(err)
				}
				if won {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("round %d: %d callers took the ended lease, want exactly 1", round, wins.Load())
		}
		later = later.Add(2 * time.Minute) // the new lease ends in its turn
	}
	if n, err := coll.CountDocuments(t.Context(), bson.M{"_id": "tick#7"}); err != nil || n != 1 {
		t.Fatalf("%d leases tick#7 (%v)", n, err)
	}
}

func TestReleaseAndPurgeLeases(t *testing.T) {
	t.Parallel()
	coll := mongotest.DB(t).Collection("leases")
	now := time.Now().UTC()
	lease := mongox.Lease{Key: "lock", N: 1, Owner: "a", Until: now.Add(time.Hour)}
	if won, err := mongox.TakeLease(t.Context(), coll, lease, now, nil); err != nil || !won {
		t.Fatalf("take: %v %v", won, err)
	}
	if err := mongox.ReleaseLease(t.Context(), coll, "lock", 1, "b"); err != nil {
		t.Fatal(err)
	}
	lease.Owner = "b"
	if won, _ := mongox.TakeLease(t.Context(), coll, lease, now, nil); won {
		t.Fatal("someone else's release ended a's lease")
	}
	if err := mongox.ReleaseLease(t.Context(), coll, "lock", 1, "a"); err != nil {
		t.Fatal(err)
	}
	if won, err := mongox.TakeLease(t.Context(), coll, lease, now, nil); err != nil || !won {
		t.Fatalf("released lease not free: %v %v", won, err)
	}
	if _, err := mongox.Claim(t.Context(), coll, "number", 1); err != nil {
		t.Fatal(err)
	}
	n, err := mongox.PurgeClaims(t.Context(), coll, now.Add(2*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("purged %d (%v), want the one ended lease", n, err)
	}
	if left, _ := coll.CountDocuments(t.Context(), bson.M{}); left != 1 {
		t.Fatalf("%d claims left, want the numbered slot", left)
	}
}
