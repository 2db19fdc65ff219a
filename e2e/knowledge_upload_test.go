package e2e

import (
	"bytes"
	"net/http"
	"slices"
	"testing"
)

// TestKnowledgeUpload: Markdown, HTML, text and PDF files uploaded through
// the gateway become sources whose text is searchable, keep their
// original for a short-lived download, are replaced by a new upload of
// the same name, and take their file with them when deleted.
func TestKnowledgeUpload(t *testing.T) {
	cid, _ := newCompany(t)
	admin := newSession(t, cid, "company_admin")
	writer := newSession(t, cid, "content_writer")
	docs := []struct {
		filename, query, format, ctype string
		data                           []byte
	}{
		{"returns.md", "how long to return unworn boots", "markdown", "text/markdown; charset=utf-8", []byte(returnsDoc)},
		{"care.html", "wax leather conditioner monthly", "html", "text/html; charset=utf-8",
			[]byte("<!DOCTYPE html><html><body><h1>Care</h1><p>Treat the leather with wax conditioner monthly.</p><script>steal()</script></body></html>")},
		{"sizes.txt", "narrow feet half size down", "text", "text/plain; charset=utf-8",
			[]byte("Sizing\n\nPeople with narrow feet should order half a size down.")},
		{"policy.pdf", "gaiter seam warranty years", "text", "application/pdf", fixturePDF(t)},
	}
	sources := map[string]map[string]any{}
	for _, d := range docs {
		r := upload(t, "/api/knowledge_sources/upload", admin.Access, formFile{
			fields: [][2]string{{"tags", "support, upload"}}, filename: d.filename, data: d.data})
		want(t, r, http.StatusOK)
		src, _ := r.obj(t)["source"].(map[string]any)
		file, _ := src["file"].(map[string]any)
		if str(src, "type") != "upload" || str(src, "ref") != d.filename || str(src, "format") != d.format ||
			str(file, "name") != d.filename || str(file, "content_type") != d.ctype || file["size_bytes"] != float64(len(d.data)) {
			t.Fatalf("%s: %s", d.filename, r)
		}
		sources[d.filename] = src
		_, hits := search(t, admin, d.query, "keyword", nil)
		if len(hits) == 0 || str(hits[0]["source"].(map[string]any), "id") != str(src, "id") {
			t.Errorf("%s: %q does not find it first: %v", d.filename, d.query, hits)
		}
	}
	if _, hits := search(t, admin, "steal", "keyword", nil); len(hits) != 0 {
		t.Errorf("script text of the HTML was ingested: %v", hits)
	}

	// The original, through a link issued to a reader of the company.
	pdfID := str(sources["policy.pdf"], "id")
	r := call(t, http.MethodGet, "/api/knowledge_sources/"+pdfID+"/file", writer.Access, nil)
	want(t, r, http.StatusOK)
	link := str(r.obj(t), "url")
	if got := download(t, link); got.status != 200 || !bytes.Equal(got.body, fixturePDF(t)) ||
		got.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download of the original: %d %v", got.status, got.header)
	}
	otherID, _ := newCompany(t)
	other := newSession(t, otherID, "company_admin")
	if r := call(t, http.MethodGet, "/api/knowledge_sources/"+pdfID+"/file", other.Access, nil); r.status != 404 {
		t.Errorf("another company's source file: %s, want 404", r)
	}
	if _, hits := search(t, other, "gaiter seam warranty", "keyword", nil); len(hits) != 0 {
		t.Errorf("another company finds the upload: %v", hits)
	}

	// Roles: writers read and search but do not upload; clients get nothing.
	client := newSession(t, cid, "client")
	for name, s := range map[string]session{"writer": writer, "client": client} {
		if r := upload(t, "/api/knowledge_sources/upload", s.Access, formFile{filename: "x.md", data: []byte("# x")}); r.status != 403 {
			t.Errorf("%s uploads: %s, want 403", name, r)
		}
	}
	if r := call(t, http.MethodGet, "/api/knowledge_sources/"+pdfID+"/file", client.Access, nil); r.status != 403 {
		t.Errorf("client reads a source file: %s, want 403", r)
	}

	// The same name again replaces the document and its original.
	r = upload(t, "/api/knowledge_sources/upload", admin.Access, formFile{filename: "sizes.txt",
		data: []byte("Sizing\n\nWide feet should order a full size up.")})
	want(t, r, http.StatusOK)
	if src, _ := r.obj(t)["source"].(map[string]any); str(src, "id") != str(sources["sizes.txt"], "id") {
		t.Errorf("re-upload made a new source: %s", r)
	}
	if _, hits := search(t, admin, "narrow feet half size", "keyword", nil); slices.ContainsFunc(hits, func(h map[string]any) bool {
		c, _ := h["chunk"].(map[string]any)
		return bytes.Contains([]byte(str(c, "content")), []byte("narrow"))
	}) {
		t.Errorf("the replaced text is still found")
	}

	// Deleting the source deletes its file.
	want(t, call(t, http.MethodDelete, "/api/knowledge_sources/"+pdfID, admin.Access, nil), http.StatusOK)
	if got := download(t, link); got.status != 404 {
		t.Errorf("file of a deleted source: %d, want 404", got.status)
	}
	if r := call(t, http.MethodGet, "/api/knowledge_sources/"+pdfID+"/file", admin.Access, nil); r.status != 404 {
		t.Errorf("link for a deleted source: %s, want 404", r)
	}
}

// TestKnowledgeUploadRefused: a disguised file (415), an unaccepted type
// (415), oversize (413), a field after the file or an unknown field (422)
// store nothing.
func TestKnowledgeUploadRefused(t *testing.T) {
	cid, _ := newCompany(t)
	admin := newSession(t, cid, "company_admin")
	for _, tc := range []struct {
		name   string
		f      formFile
		status int
	}{
		{"image named .md", formFile{filename: "logo.md", data: pngBytes}, 415},
		{"executable named .pdf", formFile{filename: "guide.pdf", data: elfBytes}, 415},
		{"text named .pdf", formFile{filename: "guide.pdf", data: []byte("not a pdf")}, 415},
		{"docx not accepted", formFile{filename: "a.docx", data: []byte("PK\x03\x04")}, 415},
		{"over KNOWLEDGE_UPLOAD_MAX_BYTES (10 MiB)", formFile{filename: "big.txt", data: bytes.Repeat([]byte("word "), 2<<20+1)}, 413},
		{"unknown field", formFile{fields: [][2]string{{"format", "html"}}, filename: "a.md", data: []byte("# a")}, 422},
		{"field after the file", formFile{filename: "a.md", data: []byte("# a"), after: [][2]string{{"title", "late"}}}, 422},
		{"field not UTF-8", formFile{fields: [][2]string{{"title", "caf\xe9"}}, filename: "a.md", data: []byte("# a")}, 422},
		{"file name not UTF-8", formFile{filename: "caf\xe9.md", data: []byte("# a")}, 422},
		{"damaged PDF", formFile{filename: "broken.pdf", data: fixturePDF(t)[:300]}, 422},
	} {
		if r := upload(t, "/api/knowledge_sources/upload", admin.Access, tc.f); r.status != tc.status {
			t.Errorf("%s: %s, want %d", tc.name, r, tc.status)
		}
	}
	if n := adminCount(t, "/api/knowledge_sources?company_id="+cid); n != 0 {
		t.Errorf("refused uploads stored %d sources", n)
	}
}
