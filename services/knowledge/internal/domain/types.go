package domain

import (
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Formats a document may be ingested in.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
)

// Search modes.
const (
	ModeHybrid  = "hybrid"
	ModeVector  = "vector"
	ModeKeyword = "keyword"
)

// Source statuses.
const (
	SourceReady  = "ready"
	SourceFailed = "failed"
)

// Trust marks every search hit's text: data a company stored, never
// instructions for a model.
const Trust = "untrusted_source_material"

// Chunk is one retrievable piece of a company's knowledge.
type Chunk struct {
	ID          string
	CompanyID   string
	SourceID    string // "" for a hand-written chunk without a source
	Generation  string // the ingest that wrote it ("" for hand-written)
	Title       string
	HeadingPath []string
	Content     string
	Position    int
	Tags        []string
	AgentIDs    []string
	TokenCount  int
	// Vector is the L2-normalised embedding of Title, headings and
	// Content by EmbeddingModel.
	Vector         []float32
	EmbeddingModel string
	// Active is false while the ingest that wrote it has not finished.
	Active    bool
	Deleted   bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Source is an ingested document.
type Source struct {
	ID             string
	CompanyID      string
	Title          string
	Type           string
	Ref            string
	URL            string
	Format         string
	ContentHash    string // SHA-256 of the content (hex)
	Fingerprint    string // hash of everything that decides the chunks
	Generation     string // the ingest whose chunks are current
	ChunkCount     int
	Status         string
	Tags           []string
	AgentIDs       []string
	EmbeddingModel string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// File is the original of an uploaded source, kept in the file store
	// under SourceFileKey (nil for other sources).
	File *SourceFile
}

// SourceFile describes the original file of an uploaded source.
type SourceFile struct {
	Name        string // display name, never a path
	ContentType string // verified from the content
	Size        int
}

// Scope is the tenant part of a query (pkg/tenancy). AllCompanies is a
// superadmin (or a background job) reading across companies, and must be
// said explicitly: an empty CompanyID never means "all".
type Scope = tenancy.Scope

// Company is the scope of one company.
func Company(id string) Scope { return tenancy.OneCompany(id) }

// ChunkFilter narrows a chunk list.
type ChunkFilter struct {
	Q        string
	SourceID string
	Tag      string
	AgentID  string
}

// SourceFilter narrows a source list.
type SourceFilter struct {
	Q    string
	Type string
	Tag  string
}

// SearchFilter narrows a search before ranking; different fields combine
// with AND.
type SearchFilter struct {
	Tags      []string // chunks carrying at least one of them
	AgentID   string   // chunks of this agent, or of no agent (shared)
	SourceIDs []string // chunks of any of these sources
}

// Hit is one ranked chunk with what a citation needs.
type Hit struct {
	Chunk      Chunk
	Score      float64
	Source     SourceSummary
	Highlights []string
}

// SourceSummary is the part of a source a citation shows.
type SourceSummary struct {
	ID, Title, Ref, URL string
}

// IndexText is the text of a chunk that is embedded and keyword-indexed:
// its title, heading path and content, so that a chunk is found by the
// words of the sections it sits in.
func (c Chunk) IndexText() string { return IndexText(c.Title, c.HeadingPath, c.Content) }

// IndexText joins title, heading path and content as Chunk.IndexText does.
func IndexText(title string, headingPath []string, content string) string {
	var sb strings.Builder
	sb.Grow(len(title) + len(content) + 32)
	sb.WriteString(title)
	for _, h := range headingPath {
		sb.WriteString("\n")
		sb.WriteString(h)
	}
	sb.WriteString("\n\n")
	sb.WriteString(content)
	return sb.String()
}
