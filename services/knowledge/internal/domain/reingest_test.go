package domain_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
)

func TestReingestingTheSameDocumentDoesNoWork(t *testing.T) {
	e := newEnv(t)
	a := e.replica(t, nil)
	first := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	calls := a.emb.Calls()
	if calls == 0 || first.Unchanged {
		t.Fatalf("first ingest: %d embed calls, unchanged %v", calls, first.Unchanged)
	}
	again := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	if !again.Unchanged {
		t.Fatal("the same document ingested again was not reported unchanged")
	}
	if n := a.emb.Calls(); n != calls {
		t.Fatalf("re-ingesting the same document made %d more embed calls", n-calls)
	}
	if !slices.Equal(ids(again.Chunks), ids(first.Chunks)) || again.Source.ID != first.Source.ID ||
		!again.Source.UpdatedAt.Equal(first.Source.UpdatedAt) {
		t.Fatalf("answered source %s %v chunks %v, want the stored %s %v %v", again.Source.ID, again.Source.UpdatedAt,
			ids(again.Chunks), first.Source.ID, first.Source.UpdatedAt, ids(first.Chunks))
	}
	if got := ids(a.listed(t, e.managerA, first.Source.ID)); !slices.Equal(got, ids(first.Chunks)) {
		t.Fatalf("listed %v, want %v", got, ids(first.Chunks))
	}
	// Tags are part of what is stored: a new tag is a change.
	tagged := doc("kb/handbook", handbook)
	tagged.Tags = []string{"policies"}
	if res := a.ingest(t, e.managerA, tagged); res.Unchanged || !slices.Equal(res.Chunks[0].Tags, []string{"policies"}) {
		t.Fatalf("a new tag: unchanged %v, tags %v", res.Unchanged, res.Chunks[0].Tags)
	}
}

func TestReingestingAChangedDocumentReplacesItsChunks(t *testing.T) {
	e := newEnv(t)
	a, b := e.replica(t, nil), e.replica(t, nil)
	first := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	b.poll(t)
	second := a.ingest(t, e.managerA, doc("kb/handbook", handbookV2))
	if second.Unchanged || second.Source.ID != first.Source.ID || second.Source.ChunkCount != len(second.Chunks) {
		t.Fatalf("changed document: unchanged %v, source %s (was %s), chunk count %d of %d",
			second.Unchanged, second.Source.ID, first.Source.ID, second.Source.ChunkCount, len(second.Chunks))
	}
	for _, c := range first.Chunks {
		if raw := e.raw(t, c.ID); raw == nil || raw["deleted"] != true || raw["active"] != false {
			t.Fatalf("old chunk %q is stored (deleted: %v, active: %v), want a tombstone", c.Content, raw["deleted"], raw["active"])
		}
		if _, err := a.svc.GetChunk(t.Context(), e.managerA, c.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("old chunk %q: %v, want not found", c.Content, err)
		}
	}
	if got := a.listed(t, e.managerA, first.Source.ID); !slices.Equal(ids(got), ids(second.Chunks)) {
		t.Fatalf("listed %q, want only the new version %q", contents(got), contents(second.Chunks))
	}
	newReturns := byContent(t, second.Chunks, "store credit")
	for name, r := range map[string]*replica{"A (ingested)": a, "B (before polling)": b} {
		for _, mode := range modes {
			if got := r.search(t, e.managerA, "five year warranty stitching", mode, 10); overlaps(got, ids(first.Chunks)) {
				t.Errorf("replica %s, %s: the removed version is still found: %v", name, mode, got)
			}
		}
	}
	b.poll(t)
	// The old returns chunk matches this query better than the new one; a
	// replica whose index still ranked it would answer nothing at top 1.
	for name, r := range map[string]*replica{"A (ingested)": a, "B (polled)": b} {
		for _, mode := range modes {
			if got := r.search(t, e.managerA, "unworn boots within 60 days full refund", mode, 1); !slices.Equal(got, []string{newReturns.ID}) {
				t.Errorf("replica %s, %s top 1: %v, want the new returns chunk %s", name, mode, got, newReturns.ID)
			}
		}
	}
}
