package main

import (
	"time"

	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// Config is the knowledge service's configuration (see README.md).
type Config struct {
	service.Common
	UsersAddr string
	LLMAddr   string

	EmbeddingModel     string
	EmbedBatch         int
	MaxDocumentBytes   int
	PollInterval       time.Duration
	PollLookback       time.Duration
	ReembedInterval    time.Duration
	TombstoneRetention time.Duration
	SearchBackend      string
	AtlasTextIndex     string
	AtlasVectorIndex   string

	// Files keeps uploaded originals (AWS_S3_BUCKET or DATA_DIR).
	Files          blobstore.Config
	MaxUploadBytes int
}

// LoadConfig reads every setting and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	c := Config{
		Common:    service.ReadCommon(r, "127.0.0.1:9006", "copydesk_knowledge"),
		UsersAddr: r.String("USERS_ADDR", "127.0.0.1:9002"),
		LLMAddr:   r.String("LLM_ADDR", "127.0.0.1:9007"),

		EmbeddingModel:     r.String("KNOWLEDGE_EMBEDDING_MODEL", "offline-embed-256"),
		EmbedBatch:         r.Int("KNOWLEDGE_EMBED_BATCH", 128, 1, 256),
		MaxDocumentBytes:   r.Int("KNOWLEDGE_MAX_DOCUMENT_BYTES", 1_000_000, 1, 16<<20),
		PollInterval:       r.Duration("KNOWLEDGE_POLL_INTERVAL", 500*time.Millisecond),
		PollLookback:       r.Duration("KNOWLEDGE_POLL_LOOKBACK", 10*time.Second),
		ReembedInterval:    r.Duration("KNOWLEDGE_REEMBED_INTERVAL", 30*time.Second),
		TombstoneRetention: r.Duration("KNOWLEDGE_TOMBSTONE_RETENTION", 24*time.Hour),
		SearchBackend:      r.String("KNOWLEDGE_SEARCH_BACKEND", "memory"),
		AtlasTextIndex:     r.String("KNOWLEDGE_ATLAS_TEXT_INDEX", "chunks_text"),
		AtlasVectorIndex:   r.String("KNOWLEDGE_ATLAS_VECTOR_INDEX", "chunks_vector"),
	}
	c.Files = blobstore.ReadConfig(r)
	c.MaxUploadBytes = r.Int("KNOWLEDGE_UPLOAD_MAX_BYTES", 10<<20, 1, 100<<20)
	r.Check(c.SearchBackend == "memory" || c.SearchBackend == "atlas", "KNOWLEDGE_SEARCH_BACKEND must be memory or atlas")
	r.Check(c.EmbeddingModel != "", "KNOWLEDGE_EMBEDDING_MODEL must not be empty")
	r.Check(c.PollInterval > 0 && c.PollInterval <= 10*time.Second, "KNOWLEDGE_POLL_INTERVAL must be between 1ns and 10s")
	r.Check(c.PollLookback >= c.PollInterval, "KNOWLEDGE_POLL_LOOKBACK must be at least KNOWLEDGE_POLL_INTERVAL")
	r.Check(c.ReembedInterval > 0, "KNOWLEDGE_REEMBED_INTERVAL must be positive")
	r.Check(c.TombstoneRetention >= time.Hour, "KNOWLEDGE_TOMBSTONE_RETENTION must be at least 1h")
	return c, r.Err()
}

// Settings are the domain's settings.
func (c Config) Settings() domain.Settings {
	return domain.Settings{MaxDocumentBytes: c.MaxDocumentBytes, MaxUploadBytes: c.MaxUploadBytes, EmbedBatch: c.EmbedBatch, EmbeddingModel: c.EmbeddingModel}
}
