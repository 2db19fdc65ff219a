package domain_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/copydesk/copydesk/pkg/embedhash"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

func (e *env) storedChunk(t *testing.T, id string) domain.Chunk {
	t.Helper()
	c, err := e.chunks.Get(t.Context(), domain.Company(e.coA), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEditingAChunksTextEmbedsItAgain(t *testing.T) {
	e := newEnv(t)
	a, b := e.replica(t, nil), e.replica(t, nil)
	res := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	warranty := byContent(t, res.Chunks, "warranty")
	before := e.storedChunk(t, warranty.ID)

	text := "Zippers and buckles carry a lifetime guarantee."
	if _, err := a.svc.UpdateChunk(t.Context(), e.managerA, warranty.ID, domain.ChunkChanges{Content: &text}); err != nil {
		t.Fatal(err)
	}
	after := e.storedChunk(t, warranty.ID)
	if after.Content != text || slices.Equal(after.Vector, before.Vector) {
		t.Fatalf("stored content %q, vector changed: %v", after.Content, !slices.Equal(after.Vector, before.Vector))
	}
	if want := embedhash.HashEmbed(after.IndexText(), embedhash.Dims); !slices.Equal(after.Vector, want) {
		t.Fatal("the stored vector is not the embedding of the new text")
	}
	b.poll(t)
	for name, r := range map[string]*replica{"A (edited)": a, "B (polled)": b} {
		if got := r.search(t, e.managerA, "lifetime guarantee zippers buckles", domain.ModeVector, 3); len(got) == 0 || got[0] != warranty.ID {
			t.Errorf("replica %s: vector search for the new text found %v, want %s first", name, got, warranty.ID)
		}
		if got := r.search(t, e.managerA, "stitching soles defects", domain.ModeKeyword, 3); slices.Contains(got, warranty.ID) {
			t.Errorf("replica %s: the old text still finds the edited chunk: %v", name, got)
		}
	}

	// A change of tags alone keeps the vector and calls no embedder.
	calls, tags := a.emb.Calls(), []string{"warranty"}
	if _, err := a.svc.UpdateChunk(t.Context(), e.managerA, warranty.ID, domain.ChunkChanges{Tags: &tags}); err != nil {
		t.Fatal(err)
	}
	if a.emb.Calls() != calls || !slices.Equal(e.storedChunk(t, warranty.ID).Vector, after.Vector) {
		t.Fatal("a tags-only edit embedded the chunk again")
	}
}

func TestAnEditWhoseEmbeddingFailsChangesNothing(t *testing.T) {
	e := newEnv(t)
	a := e.replica(t, nil)
	res := a.ingest(t, e.managerA, doc("kb/handbook", handbook))
	warranty := byContent(t, res.Chunks, "warranty")
	before := e.storedChunk(t, warranty.ID)
	down := errors.New("llm unavailable")
	a.emb.set(func(x *embedder) { x.fail = down })

	text, title := "Zippers and buckles carry a lifetime guarantee.", "Care guide"
	for name, ch := range map[string]domain.ChunkChanges{"content": {Content: &text}, "title": {Title: &title},
		"headings": {HeadingPath: &[]string{"Care"}}} {
		if _, err := a.svc.UpdateChunk(t.Context(), e.managerA, warranty.ID, ch); !errors.Is(err, down) {
			t.Fatalf("%s edit with the embedder down: %v, want its error", name, err)
		}
	}
	got := e.storedChunk(t, warranty.ID)
	if got.Content != before.Content || got.Title != before.Title || !slices.Equal(got.Vector, before.Vector) ||
		!got.UpdatedAt.Equal(before.UpdatedAt) || len(got.HeadingPath) != len(before.HeadingPath) {
		t.Fatalf("a failed edit changed the chunk: %q/%q at %v, was %q/%q at %v",
			got.Title, got.Content, got.UpdatedAt, before.Title, before.Content, before.UpdatedAt)
	}
	a.emb.set(func(x *embedder) { x.fail = nil })
	if hits := a.search(t, e.managerA, "stitching soles defects", domain.ModeKeyword, 3); !slices.Contains(hits, warranty.ID) {
		t.Fatalf("after a failed edit the chunk is no longer found by its text: %v", hits)
	}
	if hits := a.search(t, e.managerA, "lifetime guarantee zippers", domain.ModeKeyword, 3); slices.Contains(hits, warranty.ID) {
		t.Fatalf("the text of a failed edit is searchable: %v", hits)
	}
}
