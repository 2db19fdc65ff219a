package domain_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/embedhash"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/offlineembed"
)

// leftovers stores what an ingest of src that died after inserting its
// chunks leaves: inactive chunks of a generation no source names.
func (e *env) leftovers(t *testing.T, src domain.Source, texts ...string) []domain.Chunk {
	t.Helper()
	gen, now := bson.NewObjectID().Hex(), time.Now().UTC()
	cs := make([]domain.Chunk, len(texts))
	for i, text := range texts {
		cs[i] = domain.Chunk{ID: bson.NewObjectID().Hex(), CompanyID: src.CompanyID, SourceID: src.ID, Generation: gen,
			Title: src.Title, Content: text, Position: i, EmbeddingModel: offlineembed.Model, CreatedAt: now, UpdatedAt: now}
		cs[i].Vector = embedhash.HashEmbed(cs[i].IndexText(), embedhash.Dims)
	}
	if err := e.chunks.Insert(t.Context(), cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestLeftoversOfACrashedIngestAreNeverServedAndTheNextIngestRetiresThem(t *testing.T) {
	for name, next := range map[string]string{"same document": handbook, "changed document": handbookV2} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			a, b := e.replica(t, nil), e.replica(t, nil)
			first := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
			left := e.leftovers(t, first.Source, "Gift cards never expire.", "Gift cards are refunded in cash.")
			isLeft := func(id string) bool { return slices.Contains(ids(left), id) }
			b.poll(t)
			c := e.replica(t, nil) // started after the crash
			for name, r := range map[string]*replica{"A": a, "B (polled)": b, "C (loaded)": c} {
				for _, mode := range modes {
					if got := r.search(t, e.managerA, "gift cards", mode, 10); slices.ContainsFunc(got, isLeft) {
						t.Fatalf("replica %s, %s: found leftovers of a crashed ingest: %v", name, mode, got)
					}
				}
				if got := r.indexed(e.coA, "gift cards"); len(got) != 0 {
					t.Fatalf("replica %s indexed leftovers: %v", name, got)
				}
			}
			if got := a.listed(t, e.managerA, first.Source.ID); !slices.Equal(ids(got), ids(first.Chunks)) {
				t.Fatalf("listed %q, want only the ingested %q", contents(got), contents(first.Chunks))
			}
			if _, err := a.svc.GetChunk(t.Context(), e.managerA, left[0].ID); err == nil {
				t.Fatal("a leftover chunk can be read")
			}
			a.ingest(t, e.managerA, doc("kb/handbook", next))
			for _, l := range left {
				if raw := e.raw(t, l.ID); raw == nil || raw["deleted"] != true {
					t.Fatalf("after the next ingest of the ref, leftover %q is stored (deleted: %v), want retired", l.Content, raw["deleted"])
				}
			}
		})
	}
}

// TestAnIngestInterruptedBeforeActivationIsFinishedByItsRetry: the source
// already names the new version when the process dies; the retry of the
// same document must serve that version, once.
func TestAnIngestInterruptedBeforeActivationIsFinishedByItsRetry(t *testing.T) {
	testInterruptedIngest(t, func(f *faultyChunks) { f.failActivate = true })
}

// TestAnIngestInterruptedBeforeRetiringIsFinishedByItsRetry: both versions
// are active when the process dies; the retry must leave one.
func TestAnIngestInterruptedBeforeRetiringIsFinishedByItsRetry(t *testing.T) {
	testInterruptedIngest(t, func(f *faultyChunks) { f.failRetire = true })
}

func testInterruptedIngest(t *testing.T, crash func(*faultyChunks)) {
	e := newEnv(t)
	fc := &faultyChunks{Chunks: e.chunks}
	a := e.replica(t, func(d *domain.Deps) { d.Chunks = fc })
	first := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	fc.set(crash)
	if _, err := a.svc.Ingest(t.Context(), e.managerA, doc("kb/handbook", handbookV2)); !errors.Is(err, errCrash) {
		t.Fatalf("interrupted ingest: %v", err)
	}
	b := e.replica(t, nil) // the restarted process
	retry := b.ingest(t, e.managerA, doc("kb/handbook", handbookV2))
	got := b.listed(t, e.managerA, first.Source.ID)
	if !slices.Equal(contents(got), contents(retry.Chunks)) || !slices.Equal(ids(got), ids(retry.Chunks)) {
		t.Fatalf("after the retry, listed %q; the retry answered %q", contents(got), contents(retry.Chunks))
	}
	if !slices.Contains(contents(got), byContent(t, retry.Chunks, "store credit").Content) {
		t.Fatalf("after the retry, the new version is not served: %q", contents(got))
	}
	for _, r := range []*replica{a, b} {
		r.poll(t)
		if hits := r.search(t, e.managerA, "five year warranty stitching", domain.ModeHybrid, 10); overlaps(hits, ids(first.Chunks)) {
			t.Fatalf("the replaced version is still found: %v", hits)
		}
		if hits := r.search(t, e.managerA, "store credit", domain.ModeKeyword, 10); len(hits) != 1 {
			t.Fatalf("the new version's returns chunk found %d times: %v", len(hits), hits)
		}
	}
}
