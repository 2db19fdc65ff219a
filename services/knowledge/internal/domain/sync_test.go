package domain_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// byContent is the chunk whose content contains s.
func byContent(t *testing.T, cs []domain.Chunk, s string) domain.Chunk {
	t.Helper()
	for _, c := range cs {
		if strings.Contains(c.Content, s) {
			return c
		}
	}
	t.Fatalf("no chunk contains %q among %q", s, contents(cs))
	return domain.Chunk{}
}

func TestAnotherReplicaFindsIngestedChunksAfterItsPoll(t *testing.T) {
	e := newEnv(t)
	a, b := e.replica(t, nil), e.replica(t, nil)
	res := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	warranty := byContent(t, res.Chunks, "warranty")
	b.poll(t)
	for _, mode := range modes {
		if got := b.search(t, e.managerA, "five year warranty on soles", mode, 3); len(got) == 0 || got[0] != warranty.ID {
			t.Errorf("%s: replica B found %v, want the warranty chunk %s first", mode, got, warranty.ID)
		}
	}
	// Another company's search on B sees nothing of A's.
	if got := b.search(t, e.managerB, "five year warranty on soles", domain.ModeHybrid, 3); len(got) != 0 {
		t.Fatalf("company B found %v in company A's knowledge", got)
	}
}

func TestAChunkDeletedOnOneReplicaIsNeverFoundOnAnother(t *testing.T) {
	e := newEnv(t)
	a, b := e.replica(t, nil), e.replica(t, nil)
	res := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	warranty := byContent(t, res.Chunks, "warranty")
	b.poll(t)
	if _, err := a.svc.DeleteChunk(t.Context(), e.managerA, warranty.ID); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(b.indexed(e.coA, "warranty soles"), warranty.ID) {
		t.Fatal("precondition: B's index holds the chunk until B polls")
	}
	for _, mode := range modes {
		if got := b.search(t, e.managerA, "five year warranty on soles", mode, 10); slices.Contains(got, warranty.ID) {
			t.Errorf("%s: replica B returned the chunk A deleted (before polling): %v", mode, got)
		}
	}
	b.poll(t)
	if got := b.indexed(e.coA, "warranty soles"); slices.Contains(got, warranty.ID) {
		t.Fatalf("after polling, B's index still holds the deleted chunk: %v", got)
	}
	// A replica started now loads only the live chunks.
	c := e.replica(t, nil)
	got := c.indexed(e.coA, "returns shipping warranty boots euros soles")
	if slices.Contains(got, warranty.ID) || len(got) != len(res.Chunks)-1 {
		t.Fatalf("a new replica's index holds %v, want the %d live chunks", got, len(res.Chunks)-1)
	}
}

// TestAPollDuringAnIngestStillSeesItsChunks: a replica that polls while
// another one is between writing an ingest's chunks (inactive) and
// activating them must index them on its next poll.
func TestAPollDuringAnIngestStillSeesItsChunks(t *testing.T) {
	e := newEnv(t)
	b := e.replica(t, nil)
	fc := &faultyChunks{Chunks: e.chunks}
	a := e.replica(t, func(d *domain.Deps) { d.Chunks = fc })
	fc.set(func(f *faultyChunks) { f.beforeActivate = func() { b.poll(t) } })
	res := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	if got := b.search(t, e.managerA, "warranty soles", domain.ModeKeyword, 3); len(got) != 0 {
		t.Fatalf("B found %v before its poll saw the activation", got)
	}
	b.poll(t)
	warranty := byContent(t, res.Chunks, "warranty")
	if got := b.search(t, e.managerA, "warranty soles", domain.ModeKeyword, 3); !slices.Contains(got, warranty.ID) {
		t.Fatalf("replica B never indexes a document whose ingest it polled in the middle of: found %v", got)
	}
}

func TestASourceDeletedOnOneReplicaLeavesEverySearch(t *testing.T) {
	e := newEnv(t)
	a, b := e.replica(t, nil), e.replica(t, nil)
	res := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	b.poll(t)
	if _, err := b.svc.DeleteSource(t.Context(), e.managerA, res.Source.ID); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*replica{"A (before polling)": a, "B": b} {
		if got := r.search(t, e.managerA, "boots refund delivery warranty", domain.ModeHybrid, 10); len(got) != 0 {
			t.Errorf("replica %s found %v of a deleted source", name, got)
		}
	}
	if got := b.indexed(e.coA, "boots refund delivery warranty"); len(got) != 0 {
		t.Fatalf("the deleting replica's index still holds %v", got)
	}
	a.poll(t)
	if got := a.indexed(e.coA, "boots refund delivery warranty"); len(got) != 0 {
		t.Fatalf("after polling, A's index still holds %v", got)
	}
}

// TestAStalePollDoesNotUndoThisReplicasIngest: a replica's poll reads an
// ingest's chunks while they are still inactive, and applies that read
// only after the ingest has put them in the same replica's index, active.
// The stale read must not take them out again (e2e saw an upload missing
// from the search right after it, until the next poll).
func TestAStalePollDoesNotUndoThisReplicasIngest(t *testing.T) {
	e := newEnv(t)
	fc := &faultyChunks{Chunks: e.chunks}
	a := e.replica(t, func(d *domain.Deps) { d.Chunks = fc })
	read, ingested, polled := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	fc.set(func(f *faultyChunks) {
		f.beforeActivate = func() {
			fc.set(func(f *faultyChunks) {
				f.beforeActivate = nil
				f.afterChanges = func() { close(read); <-ingested }
			})
			go func() { polled <- a.sync.PollOnce(context.Background()) }()
			<-read // the poll has read the chunks inactive
		}
	})
	res := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	close(ingested)
	if err := <-polled; err != nil {
		t.Fatal(err)
	}
	warranty := byContent(t, res.Chunks, "warranty")
	if got := a.search(t, e.managerA, "warranty soles", domain.ModeKeyword, 3); !slices.Contains(got, warranty.ID) {
		t.Fatalf("after the ingest and a poll that read it half done, the search finds %v, not the warranty chunk %s", got, warranty.ID)
	}
}
