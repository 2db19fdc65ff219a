package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// SearchInput is a search request.
type SearchInput struct {
	Query     string
	TopK      int
	Mode      string
	Filter    SearchFilter
	CompanyID string
}

// SearchResult is the ranked hits.
type SearchResult struct {
	Hits           []Hit
	Mode           string
	EmbeddingModel string
}

// Search ranks one company's chunks for a query. The index ranks only
// that company's chunks, after the filters (never a global top-k filtered
// afterwards); the hits are then read back from the store, so a chunk
// deleted on any replica is never returned.
func (s *Service) Search(ctx context.Context, p principal.Principal, in SearchInput) (SearchResult, error) {
	company, err := searchCompany(p, in.CompanyID)
	if err != nil {
		return SearchResult{}, err
	}
	if err := validateSearch(&in); err != nil {
		return SearchResult{}, err
	}
	q := IndexQuery{Text: in.Query, Mode: in.Mode, Filter: in.Filter, K: in.TopK}
	res := SearchResult{Mode: in.Mode}
	if in.Mode != ModeKeyword {
		vecs, model, err := s.embedder.Embed(ctx, company, []string{in.Query})
		if err != nil {
			return SearchResult{}, err
		}
		if model != s.cfg.EmbeddingModel || len(vecs) != 1 {
			return SearchResult{}, errs.New(errs.ErrUnavailable, "The embedding model is changing; retry shortly or search by keyword")
		}
		q.Vector, res.EmbeddingModel = vecs[0], model
	}
	ranked, err := s.index.Rank(ctx, company, q)
	if err != nil {
		return SearchResult{}, err
	}
	hitIDs := make([]string, len(ranked))
	for i, h := range ranked {
		hitIDs[i] = h.Chunk.ID
	}
	chunks, err := s.chunks.ByIDs(ctx, Company(company), hitIDs)
	if err != nil {
		return SearchResult{}, err
	}
	byID := make(map[string]Chunk, len(chunks))
	srcIDs := make([]string, 0, len(chunks))
	for _, c := range chunks {
		byID[c.ID] = c
		if c.SourceID != "" {
			srcIDs = append(srcIDs, c.SourceID)
		}
	}
	sources, err := s.sources.ByIDs(ctx, Company(company), srcIDs)
	if err != nil {
		return SearchResult{}, err
	}
	srcByID := make(map[string]Source, len(sources))
	for _, src := range sources {
		srcByID[src.ID] = src
	}
	for _, h := range ranked {
		c, ok := byID[h.Chunk.ID]
		if !ok {
			continue // deleted since the index saw it
		}
		c.Vector = nil
		hit := Hit{Chunk: c, Score: h.Score, Highlights: h.Highlights}
		if src, ok := srcByID[c.SourceID]; ok {
			hit.Source = SourceSummary{ID: src.ID, Title: src.Title, Ref: src.Ref, URL: src.URL}
		} else {
			hit.Source = SourceSummary{Title: c.Title}
		}
		res.Hits = append(res.Hits, hit)
	}
	return res, nil
}

func validateSearch(in *SearchInput) error {
	var v errs.Validator
	text(&v, "query", in.Query, true, maxQuery)
	if in.TopK == 0 {
		in.TopK = defaultTopK
	}
	v.Check(in.TopK >= 1 && in.TopK <= maxTopK, "top_k", "value_error", "top_k must be 1..%d", maxTopK)
	if in.Mode == "" {
		in.Mode = ModeHybrid
	}
	switch in.Mode {
	case ModeHybrid, ModeVector, ModeKeyword:
	default:
		v.Add("mode", "value_error", "mode must be hybrid, vector or keyword")
	}
	in.Filter.Tags = labels(&v, "tags", in.Filter.Tags)
	optionalID(&v, "agent_id", in.Filter.AgentID)
	in.Filter.SourceIDs = idList(&v, "source_ids", in.Filter.SourceIDs, maxAgents)
	return v.Err()
}
