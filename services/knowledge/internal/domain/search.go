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
	byID, srcByID, err := s.readHits(ctx, company, ranked)
	if err != nil {
		return SearchResult{}, err
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

// readHits reads the ranked chunks back from the store, and their
// sources. The sources the index names are read at the same time as the
// chunks (a chunk's source does not change); a stored chunk whose source
// was not among them has it read afterwards.
func (s *Service) readHits(ctx context.Context, company string, ranked []IndexHit) (map[string]Chunk, map[string]Source, error) {
	hitIDs := make([]string, len(ranked))
	srcIDs := make([]string, 0, len(ranked))
	for i, h := range ranked {
		hitIDs[i] = h.Chunk.ID
		if h.Chunk.SourceID != "" {
			srcIDs = append(srcIDs, h.Chunk.SourceID)
		}
	}
	var (
		sources []Source
		srcErr  error
		read    = make(chan struct{})
	)
	go func() {
		defer close(read)
		if len(srcIDs) > 0 {
			sources, srcErr = s.sources.ByIDs(ctx, Company(company), srcIDs)
		}
	}()
	chunks, err := s.chunks.ByIDs(ctx, Company(company), hitIDs)
	<-read
	if err != nil {
		return nil, nil, err
	}
	if srcErr != nil {
		return nil, nil, srcErr
	}
	srcByID := make(map[string]Source, len(sources))
	for _, src := range sources {
		srcByID[src.ID] = src
	}
	byID := make(map[string]Chunk, len(chunks))
	var missing []string
	for _, c := range chunks {
		byID[c.ID] = c
		if _, ok := srcByID[c.SourceID]; c.SourceID != "" && !ok {
			missing = append(missing, c.SourceID)
		}
	}
	if len(missing) > 0 {
		more, err := s.sources.ByIDs(ctx, Company(company), missing)
		if err != nil {
			return nil, nil, err
		}
		for _, src := range more {
			srcByID[src.ID] = src
		}
	}
	return byID, srcByID, nil
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
