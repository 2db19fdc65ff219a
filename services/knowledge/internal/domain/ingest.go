package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/knowledge/internal/chunk"
)

// SourceRef says where a document came from.
type SourceRef struct {
	Type string // e.g. "upload", "url", "shopify", "wordpress", "manual"
	Ref  string // the origin's own id (file name, product id, post id)
	URL  string // optional, absolute http(s)
}

// IngestRequest is a document to split, embed and index.
type IngestRequest struct {
	Title    string
	Format   string // chunk.Text, chunk.Markdown or chunk.HTML
	Content  string
	Source   SourceRef
	Tags     []string
	AgentIDs []string
	Chunking chunk.Options
}

// Limits of an ingest request beside those of package chunk.
const (
	MaxTitleLen = 500
	MaxTags     = 50
	MaxTagLen   = 64
	MaxAgentIDs = 100
	MaxRefLen   = 2048
)

// Validate reports every problem of the request's metadata at once
// (*errs.ValidationError, HTTP 422). The content itself is checked by
// chunk.Split.
func (r IngestRequest) Validate() error {
	var v errs.Validator
	v.Check(r.Title != "" && len(r.Title) <= MaxTitleLen, "title", "value_error", "title is required, at most %d bytes", MaxTitleLen)
	v.Check(r.Source.Type != "" && len(r.Source.Type) <= MaxTagLen, "source.type", "value_error", "source type is required, at most %d bytes", MaxTagLen)
	v.Check(len(r.Source.Ref) <= MaxRefLen, "source.ref", "value_error", "source ref is at most %d bytes", MaxRefLen)
	if r.Source.URL != "" {
		u, err := url.Parse(r.Source.URL)
		v.Check(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(r.Source.URL) <= MaxRefLen,
			"source.url", "value_error", "source url must be an absolute http(s) URL")
	}
	checkList(&v, "tags", r.Tags, MaxTags)
	checkList(&v, "agent_ids", r.AgentIDs, MaxAgentIDs)
	return v.Err()
}

func checkList(v *errs.Validator, field string, list []string, max int) {
	v.Check(len(list) <= max, field, "value_error", "at most %d %s", max, field)
	for i, s := range list {
		v.Check(s != "" && len(s) <= MaxTagLen, field+"."+strconv.Itoa(i), "value_error", "must be 1 to %d bytes", MaxTagLen)
	}
}

// ContentHash identifies everything that shapes a source's chunks and
// vectors: title, format, chunking options and content. A re-ingest with the
// same hash and the same embedding model needs no chunking and no
// embedding (tags and agents are metadata: updating them is cheap).
func (r IngestRequest) ContentHash() string {
	h := sha256.New()
	fmt.Fprintf(h, "v1\x00%s\x00%s\x00%d\x00%d\x00", r.Title, r.Format, r.Chunking.MaxTokens, r.Chunking.OverlapTokens)
	h.Write([]byte(r.Content))
	return hex.EncodeToString(h.Sum(nil))
}

// Embedder turns texts into vectors (the llm service's Embed RPC in the
// service, embedhash offline in tests). It returns one vector per text, in
// order, and the model that made them.
type Embedder interface {
	Embed(ctx context.Context, texts []string) (model string, vectors [][]float32, err error)
}

// DefaultEmbedBatch is how many texts go into one Embed call.
const DefaultEmbedBatch = 64

// Ingester splits and embeds documents.
type Ingester struct {
	Embedder Embedder
	// Batch is the number of texts per Embed call (DefaultEmbedBatch when 0).
	Batch int
	// NewID returns a fresh chunk id.
	NewID func() string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Prepare validates r, splits it and embeds its chunks. The chunks belong to
// companyID and sourceID and are ready for the store and the index.
func (in *Ingester) Prepare(ctx context.Context, companyID, sourceID string, r IngestRequest) ([]Chunk, error) {
	if companyID == "" {
		return nil, fmt.Errorf("prepare chunks: %w", errs.New(errs.ErrBadRequest, "company is required"))
	}
	metaErr := r.Validate()
	pieces, err := chunk.Split(r.Format, r.Content, r.Chunking)
	if err := joinValidation(metaErr, err); err != nil {
		return nil, err
	}
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	t := now().UTC()
	chunks := make([]Chunk, len(pieces))
	texts := make([]string, len(pieces))
	for i, p := range pieces {
		chunks[i] = Chunk{
			ID: in.NewID(), CompanyID: companyID, SourceID: sourceID, Title: r.Title,
			HeadingPath: p.HeadingPath, Content: p.Content, Position: p.Position,
			Tags: r.Tags, AgentIDs: r.AgentIDs, TokenCount: p.TokenCount, CreatedAt: t, UpdatedAt: t,
		}
		texts[i] = chunks[i].IndexText()
	}
	batch := in.Batch
	if batch <= 0 {
		batch = DefaultEmbedBatch
	}
	for start := 0; start < len(texts); start += batch {
		end := min(start+batch, len(texts))
		model, vecs, err := in.Embedder.Embed(ctx, texts[start:end])
		if err != nil {
			return nil, fmt.Errorf("embed chunks %d-%d: %w", start, end, err)
		}
		if len(vecs) != end-start {
			return nil, fmt.Errorf("embed chunks %d-%d: %d vectors for %d texts", start, end, len(vecs), end-start)
		}
		for i, v := range vecs {
			chunks[start+i].Embedding = Embedding{Model: model, Vector: v}
		}
	}
	return chunks, nil
}

// joinValidation merges the violations of several validation errors into
// one; a non-validation error is returned as it is.
func joinValidation(errList ...error) error {
	var all []errs.FieldViolation
	for _, err := range errList {
		if err == nil {
			continue
		}
		ve, ok := err.(*errs.ValidationError)
		if !ok {
			return err
		}
		all = append(all, ve.Violations...)
	}
	if len(all) == 0 {
		return nil
	}
	return &errs.ValidationError{Violations: all}
}
