package domain_test

import (
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/copydesk/copydesk/pkg/blobstore/blobstoretest"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// TestUploadOnS3: an uploaded PDF becomes a searchable source whose
// original is in the bucket under the source's key (the real SDK against
// gofakes3); its link downloads it; a JSON ingest of the same ref drops
// the original, and so does deleting an uploaded source.
func TestUploadOnS3(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s3 := blobstoretest.NewS3(t)
	r := e.replica(t, func(d *domain.Deps) { d.Files = s3.Store })
	ctx := t.Context()
	pdf, err := os.ReadFile("../pdftext/testdata/policy.pdf")
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.svc.Upload(ctx, e.managerA, domain.UploadInput{Filename: "policy.pdf", Data: pdf, Tags: []string{"support"}})
	if err != nil {
		t.Fatal(err)
	}
	src := res.Source
	key := "companies/" + e.coA + "/knowledge_files/" + src.Generation
	if src.Title != "policy" || src.Ref != "policy.pdf" || src.Format != domain.FormatText || src.File == nil ||
		src.File.ContentType != "application/pdf" || src.File.Size != len(pdf) || !s3.Has(key) {
		t.Fatalf("source %+v (file %+v); object stored: %v", src, src.File, s3.Has(key))
	}
	if hits := r.search(t, e.writerA, "gaiter seam warranty", domain.ModeKeyword, 3); len(hits) == 0 ||
		!slices.Contains(ids(r.listed(t, e.writerA, src.ID)), hits[0]) {
		t.Fatalf("the PDF's text is not found first: %v", hits)
	}
	if got, err := e.sources.Get(ctx, domain.Company(e.coA), src.ID); err != nil || got.File == nil || got.File.Name != "policy.pdf" {
		t.Fatalf("stored source file: %+v, %v", got.File, err)
	}

	f, link, err := r.svc.SourceFileLink(ctx, e.writerA, src.ID)
	if err != nil || f.Name != "policy.pdf" {
		t.Fatalf("link: %+v %v", f, err)
	}
	if code, body, _ := blobstoretest.Download(t, link.URL); code != 200 || len(body) != len(pdf) {
		t.Fatalf("presigned download: %d, %d bytes", code, len(body))
	}
	if _, _, err := r.svc.SourceFileLink(ctx, e.managerB, src.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("another company's link: %v, want not found", err)
	}

	// Replaced by a JSON document of the same ref: the original goes.
	r.ingest(t, e.managerA, domain.IngestInput{Title: "Policy", Format: domain.FormatText, Content: "Plain policy text.",
		SourceType: "upload", Ref: "policy.pdf"})
	if s3.Has(key) {
		t.Error("the original outlived its replacement")
	}
	if _, _, err := r.svc.SourceFileLink(ctx, e.managerA, src.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("link of a source without a file: %v", err)
	}

	// Uploaded again, then deleted: the original goes with the source.
	again, err := r.svc.Upload(ctx, e.managerA, domain.UploadInput{Filename: "policy.pdf", Data: pdf})
	key = "companies/" + e.coA + "/knowledge_files/" + again.Source.Generation
	if err != nil || !s3.Has(key) {
		t.Fatalf("re-upload: %v, object %v", err, s3.Has(key))
	}
	if _, err := r.svc.DeleteSource(ctx, e.managerA, src.ID); err != nil {
		t.Fatal(err)
	}
	if s3.Has(key) {
		t.Error("the original outlived its deleted source")
	}
}

// TestUploadRefusals: disguised and unaccepted files, and an upload
// without a file store, store nothing.
func TestUploadRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s3 := blobstoretest.NewS3(t)
	r := e.replica(t, func(d *domain.Deps) { d.Files = s3.Store; d.Settings.MaxUploadBytes = 64 })
	for name, tc := range map[string]struct {
		file string
		data string
		want error
	}{
		"image named .md": {"a.md", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", errs.ErrUnsupportedMediaType},
		"csv":             {"a.csv", "a,b\n1,2\n", errs.ErrUnsupportedMediaType},
		"over the limit":  {"a.txt", string(make([]byte, 65)), errs.ErrTooLarge},
	} {
		if _, err := r.svc.Upload(t.Context(), e.managerA, domain.UploadInput{Filename: tc.file, Data: []byte(tc.data)}); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
	none := e.replica(t, nil)
	if err := none.svc.CanUpload(t.Context(), e.managerA, ""); !errors.Is(err, errs.ErrUnavailable) {
		t.Errorf("no file store: %v", err)
	}
	if _, n, err := e.sources.List(t.Context(), domain.Company(e.coA), domain.SourceFilter{}, domain.Page{Limit: 10, Sort: "updated_at"}); err != nil || n != 0 {
		t.Errorf("refused uploads stored %d sources (%v)", n, err)
	}
}
