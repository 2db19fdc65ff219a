package domain

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// reembedBatch is how many stale chunks one pass of the re-embed job takes.
const reembedBatch = 256

// Reembed embeds again, with the current model, every chunk embedded by
// another one (after KNOWLEDGE_EMBEDDING_MODEL changed), until none is
// left; then it waits for interval and looks again. It works from the
// stored state, so it resumes after a restart; a lease lets one replica
// at a time do it. Until a chunk is re-embedded, the index leaves it out
// (search does not find it, by keyword either): vectors of two models, or
// of two dimensions, never meet in one ranking.
func (s *Service) Reembed(interval time.Duration) func(context.Context) error {
	owner := bson.NewObjectID().Hex()
	return func(ctx context.Context) error { return s.reembedPass(ctx, owner, interval) }
}

func (s *Service) reembedPass(ctx context.Context, owner string, lease time.Duration) error {
	ok, err := s.leases.Acquire(ctx, "reembed", owner, 2*lease+time.Minute)
	if err != nil || !ok {
		return err
	}
	defer func() { _ = s.leases.Release(context.WithoutCancel(ctx), "reembed", owner) }()
	for ctx.Err() == nil {
		stale, err := s.chunks.StaleEmbeddings(ctx, Scope{AllCompanies: true}, s.cfg.EmbeddingModel, reembedBatch)
		if err != nil || len(stale) == 0 {
			return err
		}
		byCompany := map[string][]Chunk{}
		for _, c := range stale {
			byCompany[c.CompanyID] = append(byCompany[c.CompanyID], c)
		}
		for company, cs := range byCompany {
			vecs, model, err := s.embedTexts(ctx, company, cs)
			if err != nil {
				return err
			}
			for i, c := range cs {
				if err := s.chunks.SetEmbedding(ctx, c, vecs[i], model, s.now()); err != nil {
					return err
				}
			}
			s.log.InfoContext(ctx, "chunks re-embedded", "company_id", company, "chunks", len(cs), "model", model)
		}
	}
	return nil
}

// embedTexts embeds the chunks' texts with the current model, refusing an
// answer from another one (the llm service's configuration lags).
func (s *Service) embedTexts(ctx context.Context, company string, cs []Chunk) ([][]float32, string, error) {
	clone := append([]Chunk(nil), cs...)
	model, err := s.embedChunks(ctx, company, clone)
	if err != nil {
		return nil, "", err
	}
	if model != s.cfg.EmbeddingModel {
		return nil, "", errModelMismatch
	}
	vecs := make([][]float32, len(clone))
	for i, c := range clone {
		vecs[i] = c.Vector
	}
	return vecs, model, nil
}

// PurgeTombstones is the tick of the purge job: it removes chunks deleted
// longer than retention ago. A replica is never down that long without
// reloading its index at start; a running one polls far more often.
func (s *Service) PurgeTombstones(retention time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		n, err := s.chunks.PurgeTombstones(ctx, Scope{AllCompanies: true}, s.now().Add(-retention))
		if n > 0 {
			s.log.InfoContext(ctx, "deleted chunks purged", "chunks", n)
		}
		return err
	}
}
