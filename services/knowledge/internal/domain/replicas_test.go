package domain_test

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

const handbook = `# Returns
Customers may return unworn boots within 60 days for a full refund.

# Shipping
Orders over 50 euros ship free. Express delivery takes two working days.

# Warranty
Stitching and soles carry a five year warranty against defects.
`

const handbookV2 = `# Returns
Customers may return unworn boots within 30 days for store credit.

# Shipping
Orders over 80 euros ship free. Express delivery takes one working day.
`

var modes = []string{domain.ModeKeyword, domain.ModeVector, domain.ModeHybrid}

// contended runs A's ingest of first and, while A holds the ref's lease
// (its embedder is held), B's ingest of second; B must find the lease
// taken before A may finish.
func contended(t *testing.T, e *env, first, second domain.IngestInput) (a, b *replica, ra, rb domain.IngestResult) {
	t.Helper()
	refused := make(chan struct{}, 1)
	a = e.replica(t, nil)
	b = e.replica(t, func(d *domain.Deps) { d.Leases = &watchedLeases{Leases: d.Leases, refused: refused} })
	gate, entered := make(chan struct{}), make(chan struct{}, 1)
	a.emb.set(func(x *embedder) { x.gate, x.entered = gate, entered })
	var ea, eb error
	var wg sync.WaitGroup
	wg.Go(func() { ra, ea = a.svc.Ingest(t.Context(), e.managerA, first) })
	await(t, entered, "A embeds while holding the lease")
	wg.Go(func() { rb, eb = b.svc.Ingest(t.Context(), e.managerA, second) })
	await(t, refused, "B finds the ref's lease taken")
	close(gate)
	wg.Wait()
	if ea != nil || eb != nil {
		t.Fatalf("ingests: A %v, B %v", ea, eb)
	}
	return a, b, ra, rb
}

func TestTwoReplicasIngestingTheSameDocumentStoreOneCopy(t *testing.T) {
	e := newEnv(t)
	a, b, ra, rb := contended(t, e, doc("kb/handbook", handbook), doc("kb/handbook", handbook))
	if ra.Unchanged || !rb.Unchanged {
		t.Fatalf("unchanged: A %v, B %v; want the waiting replica to find A's work done", ra.Unchanged, rb.Unchanged)
	}
	if rb.Source.ID != ra.Source.ID || !slices.Equal(ids(rb.Chunks), ids(ra.Chunks)) {
		t.Fatalf("B answered source %s chunks %v, A stored %s %v", rb.Source.ID, ids(rb.Chunks), ra.Source.ID, ids(ra.Chunks))
	}
	if n := b.emb.Calls(); n != 0 {
		t.Fatalf("the waiting replica embedded %d times for a document already stored", n)
	}
	assertOneCopy(t, e, a, b, ra)
}

func TestTwoReplicasIngestingTwoVersionsKeepOnlyTheLast(t *testing.T) {
	e := newEnv(t)
	a, b, ra, rb := contended(t, e, doc("kb/handbook", handbook), doc("kb/handbook", handbookV2))
	if rb.Unchanged || rb.Source.ID != ra.Source.ID {
		t.Fatalf("B: unchanged %v, source %s (A's %s); want B to replace A's version of the one source",
			rb.Unchanged, rb.Source.ID, ra.Source.ID)
	}
	for _, c := range ra.Chunks {
		if _, err := a.svc.GetChunk(t.Context(), e.managerA, c.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("A's replaced chunk %q: %v, want not found", c.Content, err)
		}
	}
	assertOneCopy(t, e, a, b, rb)
	for _, id := range a.indexed(e.coA, "unworn boots refund euros delivery warranty stitching") {
		if slices.Contains(ids(ra.Chunks), id) {
			t.Fatalf("after polling, A's index still holds its replaced chunk %s", id)
		}
	}
}

// TestSimultaneousIngestsOfOneRef starts both ingests at once, with no
// ordering forced: whoever wins, one source and one copy remain.
func TestSimultaneousIngestsOfOneRef(t *testing.T) {
	e := newEnv(t)
	a, b := e.replica(t, nil), e.replica(t, nil)
	start := make(chan struct{})
	var res [2]domain.IngestResult
	var errList [2]error
	var wg sync.WaitGroup
	for i, r := range []*replica{a, b} {
		wg.Go(func() {
			<-start
			res[i], errList[i] = r.svc.Ingest(t.Context(), e.managerA, doc("kb/same", handbook))
		})
	}
	close(start)
	wg.Wait()
	if errList[0] != nil || errList[1] != nil {
		t.Fatalf("ingests: %v", errList)
	}
	if res[0].Unchanged == res[1].Unchanged {
		t.Fatalf("unchanged %v and %v: want exactly one replica to do the work", res[0].Unchanged, res[1].Unchanged)
	}
	if a.emb.Calls()+b.emb.Calls() != 2 { // 3 chunks in batches of 2
		t.Fatalf("embed calls %d + %d, want one ingest's 2", a.emb.Calls(), b.emb.Calls())
	}
	winner := res[0]
	if res[0].Unchanged {
		winner = res[1]
	}
	assertOneCopy(t, e, a, b, winner)
}

// assertOneCopy checks that want is the only stored version of its
// source: one source listed, its chunks listed once, and each replica
// (after a poll) finds each chunk once.
func assertOneCopy(t *testing.T, e *env, a, b *replica, want domain.IngestResult) {
	t.Helper()
	srcs, total, err := a.svc.ListSources(t.Context(), e.managerA, "", domain.SourceFilter{}, domain.Page{Limit: 10, Sort: "created_at"})
	if err != nil || total != 1 || srcs[0].ID != want.Source.ID {
		t.Fatalf("sources: %d listed (%v), want only %s", total, err, want.Source.ID)
	}
	if got := ids(a.listed(t, e.managerA, want.Source.ID)); !slices.Equal(got, ids(want.Chunks)) {
		t.Fatalf("listed chunks %v, want %v", got, ids(want.Chunks))
	}
	for name, r := range map[string]*replica{"A": a, "B": b} {
		r.poll(t)
		for _, c := range want.Chunks {
			got := r.search(t, e.managerA, c.Content, domain.ModeHybrid, 10)
			if !slices.Contains(got, c.ID) || slices.ContainsFunc(got, func(id string) bool { return !slices.Contains(ids(want.Chunks), id) }) {
				t.Fatalf("replica %s: search %q found %v, want %s among only %v", name, c.Content, got, c.ID, ids(want.Chunks))
			}
			slices.Sort(got)
			if len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Fatalf("replica %s: duplicate hits %v", name, got)
			}
		}
	}
}
