package domain

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"
)

// Chunk is one indexed piece of a source document of one company.
type Chunk struct {
	ID          string
	CompanyID   string
	SourceID    string
	Title       string   // the source document's title
	HeadingPath []string // headings above the chunk, outermost first
	Content     string
	Position    int // index of the chunk in its source, from 0
	Tags        []string
	AgentIDs    []string // agents that may use the chunk; empty means every agent of the company
	TokenCount  int
	Embedding   Embedding
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Embedding is a chunk's vector and what made it.
type Embedding struct {
	Model  string
	Vector []float32 // len is the dimension
}

// Dims is the embedding's dimension.
func (e Embedding) Dims() int { return len(e.Vector) }

// IndexText is the text that is embedded and keyword-indexed for a chunk:
// the title, the heading path and the content, so that a chunk is found by
// the words of the sections it sits in.
func (c Chunk) IndexText() string {
	return IndexText(c.Title, c.HeadingPath, c.Content)
}

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

// EncodeVector serialises a vector as little-endian float32s, the form it is
// stored in (4 bytes per dimension; the dimension and model are stored
// beside it).
func EncodeVector(v []float32) []byte {
	out := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(x))
	}
	return out
}

// DecodeVector reads what EncodeVector wrote; dims is the stored dimension
// and must match the byte length.
func DecodeVector(b []byte, dims int) ([]float32, error) {
	if dims < 0 || len(b) != 4*dims {
		return nil, fmt.Errorf("vector of %d bytes is not %d float32s", len(b), dims)
	}
	out := make([]float32, dims)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out, nil
}
