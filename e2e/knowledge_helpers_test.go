package e2e

import (
	"net/http"
	"testing"
)

// ingest posts a document as s and returns the answer.
func ingest(t *testing.T, s session, ref, format, content string, extra map[string]any) response {
	t.Helper()
	body := map[string]any{"title": "Doc " + ref, "format": format, "content": content,
		"source": map[string]any{"type": "upload", "ref": ref}}
	for k, v := range extra {
		body[k] = v
	}
	return call(t, http.MethodPost, "/api/knowledge_chunks/ingest", s.Access, body)
}

// mustIngest is ingest that must succeed; it returns the source and the
// chunks.
func mustIngest(t *testing.T, s session, ref, format, content string) (map[string]any, []any) {
	t.Helper()
	r := ingest(t, s, ref, format, content, nil)
	want(t, r, http.StatusOK)
	o := r.obj(t)
	src, _ := o["source"].(map[string]any)
	chunks, _ := o["chunks"].([]any)
	if src == nil || len(chunks) == 0 {
		t.Fatalf("ingest %s: no source or chunks: %s", ref, r)
	}
	return src, chunks
}

// search runs a knowledge search as s and returns the hits' chunk ids in
// order (and the raw hits).
func search(t *testing.T, s session, query, mode string, extra map[string]any) ([]string, []map[string]any) {
	t.Helper()
	body := map[string]any{"query": query, "mode": mode, "top_k": 10}
	for k, v := range extra {
		body[k] = v
	}
	r := call(t, http.MethodPost, "/api/knowledge_chunks/search", s.Access, body)
	want(t, r, http.StatusOK)
	hits := r.list(t)
	ids := make([]string, 0, len(hits))
	for _, h := range hits {
		c, _ := h["chunk"].(map[string]any)
		ids = append(ids, str(c, "id"))
	}
	return ids, hits
}

// chunkIDs are the ids of ingested chunks.
func chunkIDs(chunks []any) []string {
	out := make([]string, 0, len(chunks))
	for _, c := range chunks {
		m, _ := c.(map[string]any)
		out = append(out, str(m, "id"))
	}
	return out
}

const returnsDoc = `# Support handbook

## Returns
Customers may return unworn boots within 60 days for a full refund. The
return label is printed from the order page.

## Shipping
Orders over 50 euros ship free. Express delivery takes two working days.

## Warranty
Stitching and soles carry a five year warranty against defects.
`
