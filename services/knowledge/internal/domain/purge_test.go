package domain_test

import (
	"go.mongodb.org/mongo-driver/v2/bson"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// clock is a settable time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

func TestPurgeRemovesOnlyTombstonesOlderThanTheRetention(t *testing.T) {
	e := newEnv(t)
	t0 := time.Now().UTC().Truncate(time.Millisecond)
	clk := &clock{now: t0}
	a := e.replica(t, func(d *domain.Deps) { d.Now = clk.Now })
	res := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	other := a.ingest(t, e.managerB, doc("kb/other", handbook))
	returns, shipping, warranty := byContent(t, res.Chunks, "unworn"), byContent(t, res.Chunks, "euros"), byContent(t, res.Chunks, "warranty")
	remove := func(at time.Duration, c domain.Chunk) {
		t.Helper()
		clk.Set(t0.Add(at))
		p := e.managerA
		if c.CompanyID == e.coB {
			p = e.managerB
		}
		if _, err := a.svc.DeleteChunk(t.Context(), p, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	remove(time.Hour, returns)
	remove(time.Hour, other.Chunks[0]) // another company's: the purge spans companies
	remove(20*time.Hour, shipping)
	// The chunks of a first ingest that died before saving its source.
	orphan := e.leftovers(t, domain.Source{ID: bson.NewObjectID().Hex(), CompanyID: e.coA, Title: "never saved"}, "Orphaned text.")

	clk.Set(t0.Add(26 * time.Hour))
	if err := a.svc.PurgeTombstones(24 * time.Hour)(t.Context()); err != nil {
		t.Fatalf("purge: %v", err)
	}
	for _, c := range []domain.Chunk{returns, other.Chunks[0]} {
		if raw := e.raw(t, c.ID); raw != nil {
			t.Fatalf("a chunk deleted 25 h ago is still stored (deleted: %v)", raw["deleted"])
		}
	}
	if raw := e.raw(t, orphan[0].ID); raw != nil {
		t.Fatal("the inactive leftover of a crashed first ingest is still stored a day later")
	}
	if raw := e.raw(t, shipping.ID); raw == nil || raw["deleted"] != true {
		t.Fatal("a chunk deleted 6 h ago was purged before the retention ended")
	}
	if got := ids(a.listed(t, e.managerA, res.Source.ID)); len(got) != 1 || got[0] != warranty.ID {
		t.Fatalf("live chunks after the purge: %v, want only %s", got, warranty.ID)
	}
	if got := len(a.listed(t, e.managerB, other.Source.ID)); got != len(other.Chunks)-1 {
		t.Fatalf("company B has %d live chunks after the purge, want %d", got, len(other.Chunks)-1)
	}
}
