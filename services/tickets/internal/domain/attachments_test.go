package domain_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/blobstore/blobstoretest"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
)

// TestAttachmentsOnS3: the attachment use cases over the S3 backend (the
// real SDK against gofakes3) and the real store: the file lands under the
// ticket's company, a link downloads it, the ticket's visibility rules
// hold, and deleting removes the object.
func TestAttachmentsOnS3(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s3 := blobstoretest.NewS3(t)
	att, err := domain.NewAttachments(e.svc, store.NewAttachments(e.db), s3.Store, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	tk := e.newTicket(t)
	body := []byte("Tone: warm. Length: 800 words.\n")
	a, err := att.Upload(ctx, e.client, tk.ID, `C:\briefs\brief.md`, body)
	if err != nil {
		t.Fatal(err)
	}
	key := "companies/" + tk.CompanyID + "/attachments/" + a.ID
	if a.Name != "brief.md" || a.ContentType != "text/markdown; charset=utf-8" || !s3.Has(key) {
		t.Fatalf("attachment %+v; object %s stored: %v", a, key, s3.Has(key))
	}

	_, link, err := att.Get(ctx, e.writer, tk.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if code, got, _ := blobstoretest.Download(t, link.URL); code != 200 || !bytes.Equal(got, body) {
		t.Fatalf("presigned download: %d %q", code, got)
	}

	page := listing.Page{Limit: 10}
	for _, tc := range []struct {
		name string
		who  principal.Principal
		want error
	}{
		{"other company", e.managerB, errs.ErrNotFound},
		{"client who neither created nor follows", e.client2, errs.ErrNotFound},
		{"ticket creator", e.client, nil},
	} {
		if _, _, err := att.List(ctx, tc.who, tk.ID, page); !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
			t.Errorf("%s lists: %v, want %v", tc.name, err, tc.want)
		}
		if _, err := att.Upload(ctx, tc.who, tk.ID, "x.txt", []byte("x")); !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
			t.Errorf("%s uploads: %v, want %v", tc.name, err, tc.want)
		}
	}

	for name, tc := range map[string]struct {
		file string
		data []byte
		want error
	}{
		"executable named .pdf": {"a.pdf", []byte("\x7fELF\x02\x01\x01\x00"), errs.ErrUnsupportedMediaType},
		"html":                  {"a.html", []byte("<html><script>x()</script>"), errs.ErrUnsupportedMediaType},
		"over the limit":        {"a.txt", bytes.Repeat([]byte("a"), 1025), errs.ErrTooLarge},
	} {
		if _, err := att.Upload(ctx, e.manager, tk.ID, tc.file, tc.data); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
	if _, n, _ := att.List(ctx, e.manager, tk.ID, page); n != 2 { // the brief and the creator's x.txt
		t.Errorf("%d attachments after refusals, want 2", n)
	}

	if _, err := att.Delete(ctx, e.writer, tk.ID, a.ID); kind(err) != "403" {
		t.Errorf("writer deletes the client's file: %v", err)
	}
	if _, err := att.Delete(ctx, e.manager, tk.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if s3.Has(key) {
		t.Error("the object outlived its attachment")
	}
	if _, _, err := att.Get(ctx, e.client, tk.ID, a.ID); kind(err) != "404" {
		t.Errorf("deleted attachment: %v", err)
	}
}
