package domain

import (
	"errors"

	"github.com/copydesk/copydesk/pkg/blobstore"
	"log/slog"
	"time"
)

// Settings are the service's limits and tuning (see README.md).
type Settings struct {
	MaxDocumentBytes int           // largest document ingested
	EmbedBatch       int           // texts per Embed call
	EmbeddingModel   string        // the current model; others are re-embedded
	IngestLease      time.Duration // how long one ingest of a ref may hold it
	IngestWait       time.Duration // how long a second ingest of a ref waits
	MaxUploadBytes   int           // largest uploaded file (default 10 MiB)
}

// Deps are the service's collaborators.
type Deps struct {
	Chunks    ChunkStore
	Sources   SourceStore
	Leases    Leases
	Embedder  Embedder
	Index     Index
	Companies CompanyLookup
	// Files keeps the originals of uploaded documents; nil refuses uploads.
	Files    blobstore.Store
	Settings Settings
	Log      *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service implements the knowledge use cases.
type Service struct {
	chunks    ChunkStore
	sources   SourceStore
	leases    Leases
	embedder  Embedder
	index     Index
	companies CompanyLookup
	files     blobstore.Store
	cfg       Settings
	log       *slog.Logger
	now       func() time.Time
	gate      indexGate
}

// New checks deps and returns the service.
func New(d Deps) (*Service, error) {
	if d.Chunks == nil || d.Sources == nil || d.Leases == nil || d.Embedder == nil || d.Index == nil ||
		d.Companies == nil || d.Log == nil {
		return nil, errors.New("knowledge domain: missing dependency")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	s := d.Settings
	if s.MaxDocumentBytes <= 0 {
		s.MaxDocumentBytes = 1 << 20
	}
	if s.EmbedBatch <= 0 {
		s.EmbedBatch = 128
	}
	if s.IngestLease <= 0 {
		s.IngestLease = 2 * time.Minute
	}
	if s.MaxUploadBytes <= 0 {
		s.MaxUploadBytes = 10 << 20
	}
	if s.IngestWait <= 0 {
		s.IngestWait = 30 * time.Second
	}
	return &Service{
		chunks: d.Chunks, sources: d.Sources, leases: d.Leases, embedder: d.Embedder, index: d.Index,
		companies: d.Companies, files: d.Files, cfg: s, log: d.Log,
		now: func() time.Time { return d.Now().UTC().Truncate(time.Millisecond) },
	}, nil
}
