package e2e

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestTicketAttachments: files on a ticket follow the ticket's rules —
// a client attaches to and reads its own ticket only, another company
// sees 404, downloads are short-lived links that carry the cleaned name,
// the uploader or a manager deletes, and the file goes with it.
func TestTicketAttachments(t *testing.T) {
	co := newTicketsCo(t)
	tk := createTicket(t, co.client, "Spring lookbook")
	base := "/api/tickets/" + str(tk, "id") + "/attachments"

	notes := []byte("Brief: three looks, warm tones.\n")
	r := upload(t, base, co.client.Access, formFile{filename: "../../etc/Brief\u202e.txt", data: notes})
	want(t, r, http.StatusOK)
	mine := r.obj(t)
	if str(mine, "name") != "Brief.txt" || str(mine, "content_type") != "text/plain; charset=utf-8" ||
		mine["size_bytes"] != float64(len(notes)) || str(mine, "uploaded_by") != co.client.ID {
		t.Fatalf("client's attachment: %s", r)
	}
	pdf := fixturePDF(t)
	r = upload(t, base, co.manager.Access, formFile{filename: "moodboard.pdf", data: pdf})
	want(t, r, http.StatusOK)
	theirs := r.obj(t)

	list := call(t, http.MethodGet, base, co.writer.Access, nil)
	want(t, list, http.StatusOK)
	if got := list.list(t); len(got) != 2 || str(got[0], "id") != str(theirs, "id") {
		t.Fatalf("writer's list (newest first): %s", list)
	}

	// Download: a link issued after the ticket checks, valid without a token.
	r = call(t, http.MethodGet, base+"/"+str(mine, "id"), co.client.Access, nil)
	want(t, r, http.StatusOK)
	link := str(r.obj(t), "url")
	got := download(t, link)
	if got.status != 200 || !bytes.Equal(got.body, notes) {
		t.Fatalf("download: %s", got)
	}
	if cd := got.header.Get("Content-Disposition"); cd != "attachment; filename=Brief.txt" {
		t.Errorf("Content-Disposition %q", cd)
	}
	if got.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download may be sniffed: %v", got.header)
	}
	if r := download(t, strings.Replace(link, "Brief.txt", "Brief.html", 1)); r.status != 404 {
		t.Errorf("tampered link: %d, want 404", r.status)
	}

	hist := call(t, http.MethodGet, "/api/tickets/"+str(tk, "id")+"/history", co.manager.Access, nil)
	if !bytes.Contains(hist.body, []byte(`"attached"`)) || !bytes.Contains(hist.body, []byte("moodboard.pdf")) {
		t.Errorf("history does not record the attachments: %s", hist)
	}

	// Who else may see it: not a client that neither created nor follows
	// the ticket, not another company.
	other := newTicketsCo(t)
	for name, s := range map[string]session{"other client": co.client2, "other company": other.admin} {
		for _, rr := range []response{
			call(t, http.MethodGet, base, s.Access, nil),
			call(t, http.MethodGet, base+"/"+str(mine, "id"), s.Access, nil),
			call(t, http.MethodDelete, base+"/"+str(mine, "id"), s.Access, nil),
			upload(t, base, s.Access, formFile{filename: "x.txt", data: []byte("x")}),
		} {
			if rr.status != http.StatusNotFound {
				t.Errorf("%s: %s, want 404", name, rr)
			}
		}
	}
	if r := call(t, http.MethodGet, "/api/tickets/not-an-id/attachments", co.admin.Access, nil); r.status != http.StatusBadRequest {
		t.Errorf("malformed ticket id: %s, want 400", r)
	}

	// Deleting: the uploader or a manager.
	r = call(t, http.MethodDelete, base+"/"+str(theirs, "id"), co.client.Access, nil)
	want(t, r, http.StatusForbidden)
	r = call(t, http.MethodDelete, base+"/"+str(mine, "id"), co.client.Access, nil)
	want(t, r, http.StatusOK)
	if r := download(t, link); r.status != 404 {
		t.Errorf("link of a deleted attachment: %d, want 404", r.status)
	}
	if r := call(t, http.MethodGet, base+"/"+str(mine, "id"), co.client.Access, nil); r.status != 404 {
		t.Errorf("deleted attachment: %s, want 404", r)
	}
	r = call(t, http.MethodDelete, base+"/"+str(theirs, "id"), co.admin.Access, nil)
	want(t, r, http.StatusOK)
	if n := len(call(t, http.MethodGet, base, co.admin.Access, nil).list(t)); n != 0 {
		t.Errorf("%d attachments left", n)
	}
}

// TestAttachmentsRefused: oversize (413), disguised or unaccepted types
// (415), a body that is not multipart (415) or has no file (422) — and
// nothing is stored.
func TestAttachmentsRefused(t *testing.T) {
	co := newTicketsCo(t)
	tk := createTicket(t, co.manager, "Refusals")
	base := "/api/tickets/" + str(tk, "id") + "/attachments"
	for _, tc := range []struct {
		name   string
		f      formFile
		status int
	}{
		{"over ATTACHMENT_MAX_BYTES (10 MiB)", formFile{filename: "big.txt", data: bytes.Repeat([]byte("a"), 10<<20+1)}, 413},
		{"executable named .pdf", formFile{filename: "invoice.pdf", data: elfBytes}, 415},
		{"image named .txt", formFile{filename: "notes.txt", data: pngBytes}, 415},
		{"type not accepted", formFile{filename: "setup.exe", data: []byte("MZ\x90\x00\x03")}, 415},
		{"html not accepted", formFile{filename: "page.html", data: []byte("<script>alert(1)</script>")}, 415},
		{"no file", formFile{}, 422},
		{"file in another field", formFile{field: "upload", filename: "a.txt", data: []byte("a")}, 422},
		{"empty file", formFile{filename: "a.txt", data: nil}, 400},
	} {
		if r := upload(t, base, co.manager.Access, tc.f); r.status != tc.status {
			t.Errorf("%s: %s, want %d", tc.name, r, tc.status)
		}
	}
	if r := call(t, http.MethodPost, base, co.manager.Access, map[string]any{"file": "x"}); r.status != 415 {
		t.Errorf("JSON body: %s, want 415", r)
	}
	req, _ := http.NewRequest(http.MethodPost, env.url+base, bytes.NewReader(make([]byte, 26<<20)))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	req.Header.Set("Authorization", "Bearer "+co.manager.Access)
	if r := do(t, req); r.status != 413 {
		t.Errorf("body over MAX_UPLOAD_BYTES: %s, want 413", r)
	}
	if n := len(call(t, http.MethodGet, base, co.manager.Access, nil).list(t)); n != 0 {
		t.Errorf("refused uploads stored %d attachments", n)
	}
}
