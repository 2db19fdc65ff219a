package main

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/knowledge/internal/atlas"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
)

// searchIndex is the search backend of KNOWLEDGE_SEARCH_BACKEND: the
// in-process index (default, loaded and synced by wire), or Atlas Search
// and Vector Search over the chunks collection (not exercised here; see
// internal/atlas).
func (c Config) searchIndex(db *mongo.Database) domain.Index {
	if c.SearchBackend == "atlas" {
		return &atlas.Index{Chunks: db.Collection("chunks"), TextIndex: c.AtlasTextIndex,
			VectorIndex: c.AtlasVectorIndex, Model: c.EmbeddingModel}
	}
	return index.New(index.Options{})
}

// startIndexSync loads the in-process index before the server serves and
// declares the job that keeps it in step with the other replicas (the
// Atlas backend needs neither).
func (c Config) startIndexSync(ctx context.Context, env *service.Env, svc *domain.Service) error {
	if c.SearchBackend != "memory" {
		return nil
	}
	sync := svc.NewIndexSync(c.PollInterval, c.PollLookback)
	if err := sync.Load(ctx); err != nil {
		return err
	}
	env.Go(sync.Run)
	return nil
}
