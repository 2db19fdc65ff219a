package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"

	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/upload"
	"github.com/copydesk/copydesk/services/knowledge/internal/pdftext"
)

// UploadKinds are the files a knowledge upload accepts, and the format
// each is ingested in (a PDF's extracted text is ingested as text).
var UploadKinds = []upload.Kind{upload.Markdown, upload.HTML, upload.Text, upload.PDF}

var uploadFormats = map[string]string{
	upload.Markdown.ContentType: FormatMarkdown, upload.HTML.ContentType: FormatHTML,
	upload.Text.ContentType: FormatText, upload.PDF.ContentType: FormatText,
}

// UploadedFile is an accepted upload's original.
type UploadedFile struct {
	Name, ContentType string
	Data              []byte
}

// fingerprint is the part of an ingest's fingerprint the file decides (a
// new name or original changes the source even when its text does not).
func (f *UploadedFile) fingerprint() string {
	if f == nil {
		return ""
	}
	sum := sha256.Sum256(f.Data)
	return f.Name + "\x00" + f.ContentType + "\x00" + hex.EncodeToString(sum[:])
}

// UploadInput is an uploaded document.
type UploadInput struct {
	Filename, Title, Ref string
	Tags, AgentIDs       []string
	CompanyID            string
	Data                 []byte
}

// CanUpload checks the caller's target company before the file is read.
func (s *Service) CanUpload(ctx context.Context, p principal.Principal, company string) error {
	if s.files == nil {
		return errs.New(errs.ErrUnavailable, "File uploads are not configured")
	}
	_, err := s.targetCompany(ctx, p, company)
	return err
}

// MaxUploadBytes is the largest file accepted.
func (s *Service) MaxUploadBytes() int { return s.cfg.MaxUploadBytes }

// Upload checks a file (size, type sniffed from the content), extracts its
// text and ingests it as a source of type "upload" whose original is kept
// in the file store. The ref defaults to the cleaned file name, so
// uploading a file of the same name again replaces the document.
func (s *Service) Upload(ctx context.Context, p principal.Principal, in UploadInput) (IngestResult, error) {
	if err := s.CanUpload(ctx, p, in.CompanyID); err != nil {
		return IngestResult{}, err
	}
	f, err := upload.Check(in.Filename, in.Data, s.cfg.MaxUploadBytes, UploadKinds)
	if err != nil {
		return IngestResult{}, err
	}
	content := string(in.Data)
	if f.Kind.ContentType == upload.PDF.ContentType {
		if content, err = pdftext.Text(in.Data); err != nil {
			return IngestResult{}, err
		}
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = strings.TrimSuffix(f.Name, path.Ext(f.Name))
	}
	ref := strings.TrimSpace(in.Ref)
	if ref == "" {
		ref = f.Name
	}
	return s.Ingest(ctx, p, IngestInput{
		Title: title, Format: uploadFormats[f.Kind.ContentType], Content: content, SourceType: "upload", Ref: ref,
		Tags: in.Tags, AgentIDs: in.AgentIDs, CompanyID: in.CompanyID,
		File: &UploadedFile{Name: f.Name, ContentType: f.Kind.ContentType, Data: in.Data},
	})
}

// SourceFileLink issues a short-lived download link for the original file
// of a source p may read (a source without one is 404).
func (s *Service) SourceFileLink(ctx context.Context, p principal.Principal, id string) (SourceFile, blobstore.Link, error) {
	src, err := s.GetSource(ctx, p, id)
	if err != nil {
		return SourceFile{}, blobstore.Link{}, err
	}
	if src.File == nil || s.files == nil {
		return SourceFile{}, blobstore.Link{}, errs.New(errs.ErrNotFound, "This source has no file")
	}
	key, err := fileKey(src.CompanyID, src.Generation)
	if err != nil {
		return SourceFile{}, blobstore.Link{}, err
	}
	link, err := s.files.Link(ctx, key, blobstore.Download{Filename: src.File.Name, ContentType: src.File.ContentType})
	if err != nil {
		return SourceFile{}, blobstore.Link{}, fmt.Errorf("source file link: %w", err)
	}
	return *src.File, link, nil
}

// fileKey is the key of the original kept by one ingest (generation) of
// a source: each version of a document has its own file, so an ingest
// that fails half-way never changes the file the current version shows.
func fileKey(company, generation string) (string, error) {
	return blobstore.Key(company, "knowledge_files", generation)
}

// keepFile stores an upload's original under the new generation's key
// before the source is saved; Ingest deletes the previous generation's
// once the new one is active.
func (s *Service) keepFile(ctx context.Context, company, generation string, f *UploadedFile) (*SourceFile, error) {
	if f == nil {
		return nil, nil
	}
	if s.files == nil {
		return nil, errs.New(errs.ErrUnavailable, "File uploads are not configured")
	}
	key, err := fileKey(company, generation)
	if err != nil {
		return nil, err
	}
	if err := s.files.Put(ctx, key, f.Data, f.ContentType); err != nil {
		return nil, fmt.Errorf("keep uploaded file: %w", err)
	}
	return &SourceFile{Name: f.Name, ContentType: f.ContentType, Size: len(f.Data)}, nil
}

// discardFile deletes the original of a generation once nothing refers
// to it; a failure is logged (the file is unreachable without a source
// naming its generation).
func (s *Service) discardFile(ctx context.Context, company, generation string) {
	key, err := fileKey(company, generation)
	if err != nil || s.files == nil {
		return
	}
	if err := s.files.Delete(context.WithoutCancel(ctx), key); err != nil {
		s.log.ErrorContext(ctx, "source file not deleted", "generation", generation, "error", err.Error())
	}
}
