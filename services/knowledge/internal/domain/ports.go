package domain

import (
	"context"
	"errors"
	"time"

	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Page is a validated list page (skip, limit, sort field, order).
type Page = listing.Page

// ChunkSorts and SourceSorts are the public sort names of the lists.
var (
	ChunkSorts  = []string{"created_at", "updated_at", "title", "position"}
	SourceSorts = []string{"created_at", "updated_at", "title"}
)

// ChunkStore keeps chunks. Every method takes the tenant; an empty company
// is an error, never "all companies".
type ChunkStore interface {
	Insert(ctx context.Context, cs []Chunk) error
	Get(ctx context.Context, sc Scope, id string) (Chunk, error)
	ByIDs(ctx context.Context, sc Scope, ids []string) ([]Chunk, error)
	OfSource(ctx context.Context, sc Scope, sourceID string) ([]Chunk, error)
	List(ctx context.Context, sc Scope, f ChunkFilter, p Page) ([]Chunk, int64, error)
	Replace(ctx context.Context, sc Scope, c Chunk) error
	Delete(ctx context.Context, sc Scope, id string, now time.Time) (Chunk, error)
	Activate(ctx context.Context, company, sourceID, generation string, now time.Time) error
	RetireOthers(ctx context.Context, company, sourceID, keep string, now time.Time) error
	Changes(ctx context.Context, sc Scope, after Cursor, limit int) ([]Chunk, error)
	StaleEmbeddings(ctx context.Context, sc Scope, model string, limit int) ([]Chunk, error)
	SetEmbedding(ctx context.Context, c Chunk, vector []float32, model string, now time.Time) error
	PurgeTombstones(ctx context.Context, sc Scope, before time.Time) (int64, error)
}

// Cursor is a position in the chunks' change order (updated_at, id); an
// empty ID means "from At on, inclusive".
type Cursor struct {
	At time.Time
	ID string
}

// SourceStore keeps sources.
type SourceStore interface {
	ByRef(ctx context.Context, company, ref string) (src Source, live bool, err error)
	Save(ctx context.Context, s Source) error
	Get(ctx context.Context, sc Scope, id string) (Source, error)
	ByIDs(ctx context.Context, sc Scope, ids []string) ([]Source, error)
	List(ctx context.Context, sc Scope, f SourceFilter, p Page) ([]Source, int64, error)
	MarkDeleted(ctx context.Context, sc Scope, id string, now time.Time) (Source, error)
	SetChunkCount(ctx context.Context, company, id string, n int, now time.Time) error
}

// Leases serialise work on one key across replicas: Acquire is true for
// exactly one owner until it releases the key or the lease expires.
type Leases interface {
	Acquire(ctx context.Context, key, owner string, ttl time.Duration) (bool, error)
	Release(ctx context.Context, key, owner string) error
}

// Embedder turns texts into L2-normalised vectors, billed to company.
type Embedder interface {
	Embed(ctx context.Context, company string, texts []string) (vectors [][]float32, model string, err error)
}

// CompanyLookup reports whether a company exists and is active (users'
// DirectoryService), for a superadmin naming a company.
type CompanyLookup = tenancy.CompanyLookup

// Index is the in-process search index (package index): per company,
// keyword (BM25) and vector (cosine) rankings, filters applied before
// ranking.
type Index interface {
	// Upsert adds or replaces chunks; each needs a vector of its company's
	// dimension.
	Upsert(chunks []Chunk) error
	// Delete removes a company's chunks by id and says how many it held.
	Delete(companyID string, ids ...string) int
	// DeleteSource removes every chunk of one source of a company.
	DeleteSource(companyID, sourceID string) int
	// Rank ranks the company's chunks that pass q.Filter.
	Rank(ctx context.Context, companyID string, q IndexQuery) ([]IndexHit, error)
}

// IndexQuery is one ranking request.
type IndexQuery struct {
	Text   string
	Vector []float32
	Mode   string
	Filter SearchFilter
	K      int
}

// IndexHit is a ranked chunk (its Vector not filled) with excerpts around
// the query's words.
type IndexHit struct {
	Chunk      Chunk
	Score      float64
	Highlights []string
}

// Chunking tunes a split.
type Chunking struct {
	MaxTokens     int
	OverlapTokens int
}

// errModelMismatch: the embedder answered with another model than the
// configured one.
var errModelMismatch = errors.New("the embedder answered with another model than KNOWLEDGE_EMBEDDING_MODEL")
