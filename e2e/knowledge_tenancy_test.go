package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestKnowledgeTenantIsolation: company B's near-duplicate of A's text,
// a better match for the query, never reaches A's search (the company
// filter comes before ranking); every endpoint answers 404 for the other
// company's ids and changes nothing.
func TestKnowledgeTenantIsolation(t *testing.T) {
	t.Parallel()
	a, b := newTicketsCo(t), newTicketsCo(t)
	srcA, chunksA := mustIngest(t, a.manager, uniq("a"), "text", "Our espresso blend tastes of dark chocolate and cherry.")
	_, chunksB := mustIngest(t, b.manager, uniq("b"), "text",
		"Secret roadmap: espresso blend espresso blend tastes of dark chocolate cherry, launching in March.")
	idB := chunkIDs(chunksB)[0]
	for _, mode := range []string{"hybrid", "keyword", "vector"} {
		ids, _ := search(t, a.writer, "espresso blend dark chocolate cherry", mode, map[string]any{"top_k": 50})
		if slices.Contains(ids, idB) || len(ids) != 1 || ids[0] != chunkIDs(chunksA)[0] {
			t.Errorf("%s: company A's search returned %v (B's chunk is %s)", mode, ids, idB)
		}
	}
	before := call(t, http.MethodGet, "/api/knowledge_chunks/"+idB, b.manager.Access, nil).obj(t)
	for _, tc := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/api/knowledge_chunks/" + idB, nil},
		{http.MethodPatch, "/api/knowledge_chunks/" + idB, map[string]any{"content": "pwned"}},
		{http.MethodPut, "/api/knowledge_chunks/" + idB, map[string]any{"content": "pwned"}},
		{http.MethodDelete, "/api/knowledge_chunks/" + idB, nil},
		{http.MethodGet, "/api/knowledge_sources/" + str(srcA, "id"), nil},
		{http.MethodDelete, "/api/knowledge_sources/" + str(srcA, "id"), nil},
	} {
		who := a.admin
		if strings.Contains(tc.path, str(srcA, "id")) {
			who = b.admin
		}
		if r := call(t, tc.method, tc.path, who.Access, tc.body); r.status != http.StatusNotFound {
			t.Errorf("%s %s from the other company: %s, want 404", tc.method, tc.path, r)
		}
	}
	after := call(t, http.MethodGet, "/api/knowledge_chunks/"+idB, b.manager.Access, nil).obj(t)
	if str(after, "content") != str(before, "content") || str(after, "updated_at") != str(before, "updated_at") {
		t.Errorf("company B's chunk changed: %v", after)
	}
	if l := call(t, http.MethodGet, "/api/knowledge_chunks", a.admin.Access, nil).list(t); slices.Contains(chunkIDsOf(l), idB) {
		t.Error("company A's list shows B's chunk")
	}
	if r := call(t, http.MethodGet, "/api/knowledge_chunks"+q("company_id", b.id), a.admin.Access, nil); r.status != http.StatusNotFound {
		t.Errorf("company A naming B's company_id: %s, want 404", r)
	}
}

// TestKnowledgeRoles: writers read and search but never write; clients get
// nothing; a superadmin works in any company it names.
func TestKnowledgeRoles(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	_, chunks := mustIngest(t, co.admin, uniq("roles"), "text", "Brand voice: warm, direct, never pushy.")
	id := chunkIDs(chunks)[0]
	writes := []struct {
		method, path string
		body         any
	}{
		{http.MethodPost, "/api/knowledge_chunks", map[string]any{"title": "t", "content": "c"}},
		{http.MethodPost, "/api/knowledge_chunks/ingest", map[string]any{"title": "t", "format": "text", "content": "c",
			"source": map[string]any{"type": "upload", "ref": "x"}}},
		{http.MethodPatch, "/api/knowledge_chunks/" + id, map[string]any{"content": "changed"}},
		{http.MethodDelete, "/api/knowledge_chunks/" + id, nil},
	}
	for _, tc := range writes {
		if r := call(t, tc.method, tc.path, co.writer.Access, tc.body); r.status != http.StatusForbidden {
			t.Errorf("writer %s %s: %s, want 403", tc.method, tc.path, r)
		}
	}
	want(t, call(t, http.MethodGet, "/api/knowledge_chunks/"+id, co.writer.Access, nil), http.StatusOK)
	for _, path := range []string{"/api/knowledge_chunks", "/api/knowledge_chunks/" + id, "/api/knowledge_sources"} {
		if r := call(t, http.MethodGet, path, co.client.Access, nil); r.status != http.StatusForbidden {
			t.Errorf("client GET %s: %s, want 403", path, r)
		}
	}
	if r := call(t, http.MethodPost, "/api/knowledge_chunks/search", co.client.Access, map[string]any{"query": "voice"}); r.status != http.StatusForbidden {
		t.Errorf("client search: %s, want 403", r)
	}
	r := call(t, http.MethodPost, "/api/knowledge_chunks", env.admin.Access, map[string]any{
		"title": "Tone", "content": "Superadmin wrote this for the company.", "company_id": co.id})
	want(t, r, http.StatusOK)
	if got := str(r.obj(t), "company_id"); got != co.id {
		t.Errorf("superadmin's chunk went to %q, want %q", got, co.id)
	}
	if r := call(t, http.MethodPost, "/api/knowledge_chunks/search", env.admin.Access, map[string]any{"query": "voice"}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("superadmin search without company_id: %s, want 422", r)
	}
}

// TestKnowledgeBadInput: each bad request is a clear 4xx and stores
// nothing.
func TestKnowledgeBadInput(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	doc := func(format, content string) map[string]any {
		return map[string]any{"title": "Bad", "format": format, "content": content, "source": map[string]any{"type": "upload", "ref": uniq("bad")}}
	}
	for _, tc := range []struct {
		name   string
		body   any
		status int
	}{
		{"empty", doc("markdown", "   \n"), http.StatusUnprocessableEntity},
		{"binary", doc("text", "PK\x03\x04\x00\x00binary"), http.StatusUnprocessableEntity},
		{"markup only", doc("html", "<script>alert(1)</script><!-- x -->"), http.StatusUnprocessableEntity},
		{"unknown format", doc("pdf", "hello"), http.StatusUnprocessableEntity},
		{"invalid utf-8", rawJSON(`{"title":"Bad","format":"text","content":"\xff\xfe","source":{"type":"upload","ref":"u"}}`), http.StatusUnprocessableEntity},
		{"no ref", map[string]any{"title": "Bad", "format": "text", "content": "hello"}, http.StatusUnprocessableEntity},
		{"too large", doc("text", strings.Repeat("word ", 260_000)), http.StatusRequestEntityTooLarge},
	} {
		if r := call(t, http.MethodPost, "/api/knowledge_chunks/ingest", co.manager.Access, tc.body); r.status != tc.status {
			t.Errorf("%s: %s, want %d", tc.name, r.String()[:min(len(r.String()), 300)], tc.status)
		}
	}
	for _, body := range []map[string]any{
		{"query": ""}, {"query": "x", "top_k": 51}, {"query": "x", "mode": "magic"}, {"query": "x", "agent_id": "nope"},
	} {
		if r := call(t, http.MethodPost, "/api/knowledge_chunks/search", co.writer.Access, body); r.status != http.StatusUnprocessableEntity {
			t.Errorf("search %v: %s, want 422", body, r)
		}
	}
	if r := call(t, http.MethodGet, "/api/knowledge_chunks/not-an-id", co.writer.Access, nil); r.status != http.StatusBadRequest {
		t.Errorf("malformed id: %s, want 400", r)
	}
	if n := adminCount(t, "/api/knowledge_sources"+q("company_id", co.id)) + adminCount(t, "/api/knowledge_chunks"+q("company_id", co.id)); n != 0 {
		t.Errorf("bad input stored %d sources and chunks", n)
	}
}
