package domain

import (
	"context"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Mode is how a search ranks.
type Mode string

// Search modes.
const (
	Hybrid  Mode = "hybrid"  // keyword and vector rankings fused by reciprocal rank
	Vector  Mode = "vector"  // cosine similarity of embeddings
	Keyword Mode = "keyword" // BM25 over the chunk text
)

// Search limits.
const (
	DefaultTopK    = 5
	MaxTopK        = 50
	MaxQueryLength = 2000
)

// Filters narrow a company's chunks before anything is ranked. Empty fields
// do not filter. Tags: a chunk matches when it carries at least one of them.
// AgentID: a chunk matches when it lists the agent or lists no agent at all
// (shared with every agent). SourceID: chunks of that source only.
type Filters struct {
	Tags     []string
	AgentID  string
	SourceID string
}

// Query is what the index ranks: the text for keyword ranking, the vector
// for vector ranking, both for hybrid.
type Query struct {
	Text    string
	Vector  []float32
	Mode    Mode
	K       int
	Filters Filters
}

// Hit is one ranked chunk.
type Hit struct {
	Chunk Chunk // Embedding.Vector is not filled by the index
	// Score: hybrid, the reciprocal-rank-fusion score; vector, the cosine
	// similarity; keyword, the BM25 score.
	Score float64
	// Highlights are short fragments of the content around query words.
	Highlights []string
}

// Index is the in-process search index (package index). Search ranks only
// chunks of companyID that pass the filters.
type Index interface {
	Search(companyID string, q Query) []Hit
}

// SearchRequest is a client's search.
type SearchRequest struct {
	Query   string
	TopK    int  // 1..MaxTopK; 0 means DefaultTopK
	Mode    Mode // "" means Hybrid
	Filters Filters
}

// Validate reports every problem at once (*errs.ValidationError, 422).
func (r SearchRequest) Validate() error {
	var v errs.Validator
	q := strings.TrimSpace(r.Query)
	v.Check(q != "" && len(r.Query) <= MaxQueryLength, "query", "value_error", "query is required, at most %d bytes", MaxQueryLength)
	v.Check(r.TopK >= 0 && r.TopK <= MaxTopK, "top_k", "value_error", "top_k must be between 1 and %d", MaxTopK)
	checkList(&v, "tags", r.Filters.Tags, MaxTags)
	switch r.Mode {
	case "", Hybrid, Vector, Keyword:
	default:
		v.Add("mode", "value_error", "mode must be one of hybrid, vector, keyword")
	}
	return v.Err()
}

// Result is one search answer. Untrusted is always true: the content is
// source material written by whoever wrote the document, never instructions
// to a model; the transport exposes the flag so prompt builders quote it as
// data.
type Result struct {
	Chunk      Chunk
	Score      float64
	Source     SourceRef
	Highlights []string
	Untrusted  bool
}

// SourceLookup finds the origin of chunks' sources (the source store).
// Missing ids are simply absent from the map.
type SourceLookup interface {
	SourceRefs(ctx context.Context, companyID string, sourceIDs []string) (map[string]SourceRef, error)
}

// Searcher runs searches: it embeds the query when the mode needs a vector,
// ranks through the Index and joins the sources.
type Searcher struct {
	Index    Index
	Embedder Embedder
	Sources  SourceLookup // optional; Result.Source stays empty without it
}

// Search validates r and returns at most TopK results of companyID, best
// first.
func (s *Searcher) Search(ctx context.Context, companyID string, r SearchRequest) ([]Result, error) {
	if companyID == "" {
		return nil, fmt.Errorf("search: %w", errs.New(errs.ErrBadRequest, "company is required"))
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	q := Query{Text: r.Query, Mode: r.Mode, K: r.TopK, Filters: r.Filters}
	if q.Mode == "" {
		q.Mode = Hybrid
	}
	if q.K == 0 {
		q.K = DefaultTopK
	}
	if q.Mode != Keyword {
		_, vecs, err := s.Embedder.Embed(ctx, []string{r.Query})
		if err != nil {
			return nil, fmt.Errorf("embed query: %w", err)
		}
		if len(vecs) != 1 {
			return nil, fmt.Errorf("embed query: %d vectors for 1 text", len(vecs))
		}
		q.Vector = vecs[0]
	}
	hits := s.Index.Search(companyID, q)
	refs := map[string]SourceRef{}
	if s.Sources != nil && len(hits) > 0 {
		ids := make([]string, 0, len(hits))
		for _, h := range hits {
			ids = append(ids, h.Chunk.SourceID)
		}
		var err error
		if refs, err = s.Sources.SourceRefs(ctx, companyID, ids); err != nil {
			return nil, fmt.Errorf("look up sources: %w", err)
		}
	}
	out := make([]Result, len(hits))
	for i, h := range hits {
		out[i] = Result{Chunk: h.Chunk, Score: h.Score, Source: refs[h.Chunk.SourceID], Highlights: h.Highlights, Untrusted: true}
	}
	return out, nil
}
