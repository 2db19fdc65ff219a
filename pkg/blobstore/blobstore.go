// Package blobstore keeps files (knowledge documents, ticket attachments)
// behind one interface with two backends: Amazon S3 (aws-sdk-go-v2, the
// bucket of AWS_S3_BUCKET) and a directory on local disk (DATA_DIR/files,
// what `make run` uses when no bucket is set).
//
// Keys are built from ids only — companies/{company_id}/{kind}/{id} — by
// Key; a client's file name is metadata and never part of a key or a
// path. Downloads are short-lived links: presigned S3 GET URLs, or for the
// disk backend URLs signed with HMAC-SHA256 and an expiry that the
// gateway's FileHandler serves (see docs/decisions.md, "Files").
package blobstore

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
)

// DefaultLinkTTL is how long a download link lives unless the caller says
// otherwise.
const DefaultLinkTTL = 5 * time.Minute

// Store keeps blobs by key.
type Store interface {
	// Put stores body under key with its content type (replacing any).
	Put(ctx context.Context, key string, body []byte, contentType string) error
	// Get reads a blob; a missing one is errs.ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Delete removes a blob; a missing one is not an error.
	Delete(ctx context.Context, key string) error
	// Link is a short-lived GET URL for a blob, answered with the
	// download's file name (as an attachment) and content type.
	Link(ctx context.Context, key string, d Download) (Link, error)
}

// Download says how a link's answer presents the blob.
type Download struct {
	// Filename is the display name (already sanitised) offered to save as.
	Filename string
	// ContentType is the blob's verified content type.
	ContentType string
	// TTL is the link's lifetime (default DefaultLinkTTL).
	TTL time.Duration
}

func (d Download) ttl() time.Duration {
	if d.TTL <= 0 {
		return DefaultLinkTTL
	}
	return d.TTL
}

// Link is a download URL and when it stops working.
type Link struct {
	URL       string
	ExpiresAt time.Time
}

var kindRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// Key is the key of a company's blob: companies/{company}/{kind}/{id}.
// company and id must be ids, kind a lowercase word; nothing else can be
// part of a key.
func Key(company, kind, id string) (string, error) {
	if !ids.Valid(company) || !ids.Valid(id) || !kindRe.MatchString(kind) {
		return "", fmt.Errorf("blobstore: invalid key parts %q/%q/%q", company, kind, id)
	}
	return "companies/" + company + "/" + kind + "/" + id, nil
}

// ValidKey reports whether key is a key Key builds (checked again before
// any backend touches it, and by the file handler).
func ValidKey(key string) bool {
	parts := strings.Split(key, "/")
	return len(parts) == 4 && parts[0] == "companies" && ids.Valid(parts[1]) && kindRe.MatchString(parts[2]) && ids.Valid(parts[3])
}

func checkKey(key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("blobstore: invalid key %q", key)
	}
	return nil
}

func notFound(key string) error {
	return fmt.Errorf("blob %s: %w", key, errs.ErrNotFound)
}
