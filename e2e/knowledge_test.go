package e2e

import (
	"net/http"
	"slices"
	"testing"
)

// TestKnowledgeIngestAndSearch: a markdown document becomes chunks with
// their heading paths; every mode finds the section that answers; hits
// carry the source for citations and say the text is untrusted; the same
// document again is no work, a changed one replaces its chunks.
func TestKnowledgeIngestAndSearch(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	ref := uniq("handbook")
	src, chunks := mustIngest(t, co.manager, ref, "markdown", returnsDoc)
	if n := len(chunks); n != 3 || src["chunk_count"] != float64(3) || str(src, "status") != "ready" {
		t.Fatalf("want 3 chunks, one per section; got %d: %v", n, src)
	}
	first, _ := chunks[0].(map[string]any)
	if hp, _ := first["heading_path"].([]any); !slices.Equal(hp, []any{"Support handbook", "Returns"}) {
		t.Errorf("heading path %v, want [Support handbook Returns]", hp)
	}
	for _, mode := range []string{"hybrid", "keyword", "vector"} {
		ids, hits := search(t, co.writer, "how long do I have to return boots for a refund", mode, nil)
		if len(ids) == 0 || ids[0] != str(first, "id") {
			t.Fatalf("%s: the Returns chunk is not first: %v", mode, ids)
		}
		h := hits[0]
		s, _ := h["source"].(map[string]any)
		if str(s, "ref") != ref || str(s, "id") != str(src, "id") || str(h, "trust") != "untrusted_source_material" {
			t.Errorf("%s: hit source %v trust %q", mode, s, str(h, "trust"))
		}
	}

	again := ingest(t, co.manager, ref, "markdown", returnsDoc, nil).obj(t)
	if again["unchanged"] != true || !slices.Equal(chunkIDs(again["chunks"].([]any)), chunkIDs(chunks)) {
		t.Errorf("re-ingest of the same document did work: %v", again)
	}
	_, changed := mustIngest(t, co.manager, ref, "markdown", returnsDoc+"\n## Gift cards\nGift cards never expire.\n")
	if len(changed) != 4 {
		t.Fatalf("changed document: %d chunks, want 4", len(changed))
	}
	list := call(t, http.MethodGet, "/api/knowledge_chunks"+q("source_id", str(src, "id"), "sort", "position", "order", "asc"), co.writer.Access, nil)
	want(t, list, http.StatusOK)
	if got := chunkIDsOf(list.list(t)); !slices.Equal(got, chunkIDs(changed)) {
		t.Errorf("after re-ingest the source has %v, want only the new chunks %v", got, chunkIDs(changed))
	}
	if ids, _ := search(t, co.writer, "gift cards expire", "keyword", nil); len(ids) == 0 || !slices.Contains(chunkIDs(changed), ids[0]) {
		t.Errorf("new section not searchable: %v", ids)
	}
	if n := adminCount(t, "/api/knowledge_sources"+q("company_id", co.id)); n != 1 {
		t.Errorf("%d sources after three ingests of one ref, want 1", n)
	}
}

// TestKnowledgeEditAndDelete: an edited chunk is found by its new words
// (it was embedded again), a deleted chunk and a deleted source's chunks
// leave search at once.
func TestKnowledgeEditAndDelete(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	src, chunks := mustIngest(t, co.manager, uniq("handbook"), "markdown", returnsDoc)
	ship, _ := chunks[1].(map[string]any)
	id := str(ship, "id")
	r := call(t, http.MethodPatch, "/api/knowledge_chunks/"+id, co.manager.Access,
		map[string]any{"content": "Parcels travel by carrier pigeon across the Zanzibar archipelago."})
	want(t, r, http.StatusOK)
	if ids, _ := search(t, co.writer, "carrier pigeon Zanzibar archipelago", "vector", nil); len(ids) == 0 || ids[0] != id {
		t.Errorf("edited chunk not found by its new text in vector mode: %v", ids)
	}
	want(t, call(t, http.MethodDelete, "/api/knowledge_chunks/"+id, co.manager.Access, nil), http.StatusOK)
	want(t, call(t, http.MethodGet, "/api/knowledge_chunks/"+id, co.manager.Access, nil), http.StatusNotFound)
	for _, mode := range []string{"hybrid", "keyword", "vector"} {
		if ids, _ := search(t, co.writer, "carrier pigeon Zanzibar", mode, nil); slices.Contains(ids, id) {
			t.Errorf("%s: deleted chunk still found", mode)
		}
	}
	if s := call(t, http.MethodGet, "/api/knowledge_sources/"+str(src, "id"), co.writer.Access, nil).obj(t); s["chunk_count"] != float64(2) {
		t.Errorf("source chunk_count %v after a delete, want 2", s["chunk_count"])
	}
	want(t, call(t, http.MethodDelete, "/api/knowledge_sources/"+str(src, "id"), co.admin.Access, nil), http.StatusOK)
	if ids, _ := search(t, co.writer, "return boots refund warranty", "hybrid", nil); len(ids) != 0 {
		t.Errorf("chunks of a deleted source still found: %v", ids)
	}
	if n := adminCount(t, "/api/knowledge_chunks"+q("company_id", co.id)); n != 0 {
		t.Errorf("%d chunks left after the source was deleted", n)
	}
}

// TestKnowledgeConcurrentIngestOneCopy: two ingests of one source at once
// leave one source and one copy of its chunks.
func TestKnowledgeConcurrentIngestOneCopy(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	ref := uniq("race")
	done := make(chan response, 2)
	for range 2 {
		go func() {
			r, _ := send(http.MethodPost, "/api/knowledge_chunks/ingest", co.manager.Access, map[string]any{
				"title": "Race", "format": "markdown", "content": returnsDoc, "source": map[string]any{"type": "upload", "ref": ref}})
			done <- r
		}()
	}
	for range 2 {
		if r := <-done; r.status != http.StatusOK {
			t.Errorf("concurrent ingest: %s", r)
		}
	}
	if n := adminCount(t, "/api/knowledge_sources"+q("company_id", co.id)); n != 1 {
		t.Errorf("%d sources, want 1", n)
	}
	if n := adminCount(t, "/api/knowledge_chunks"+q("company_id", co.id)); n != 3 {
		t.Errorf("%d chunks, want one copy (3)", n)
	}
}

func chunkIDsOf(list []map[string]any) []string {
	out := make([]string, 0, len(list))
	for _, c := range list {
		out = append(out, str(c, "id"))
	}
	return out
}
