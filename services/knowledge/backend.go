package main

import (
	"go.mongodb.org/mongo-driver/v2/mongo"

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
