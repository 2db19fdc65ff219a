// Package eval measures retrieval quality on the labelled set in
// testdata/retrieval: documents of four fictional companies and queries
// with the documents that answer them. Documents go through the real
// pipeline (chunk → offline embeddings → index) and queries through
// domain.Searcher; a query's ranking is its chunks' documents in order,
// duplicates dropped.
package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/pkg/embedhash"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
	"github.com/copydesk/copydesk/services/knowledge/internal/offlineembed"
)

// Query is one labelled query.
type Query struct {
	Company  string   `json:"company"`
	Query    string   `json:"query"`
	Relevant []string `json:"relevant"` // document ids
}

// Set is the loaded labelled set: its index and queries.
type Set struct {
	Docs     int
	Chunks   int
	Queries  []Query
	chunks   []domain.Chunk
	embedder domain.Embedder
}

var formats = map[string]string{".md": "markdown", ".html": "html", ".txt": "text"}

// Load reads dir/docs/<company>--<doc>.<md|html|txt> and dir/queries.json
// and prepares every document's chunks with the offline embedder.
func Load(ctx context.Context, dir string) (*Set, error) {
	return LoadWith(ctx, dir, offlineembed.Embedder{})
}

// LoadWith is Load with another embedder, which also embeds the queries.
func LoadWith(ctx context.Context, dir string, emb domain.Embedder) (*Set, error) {
	files, err := filepath.Glob(filepath.Join(dir, "docs", "*--*"))
	if err != nil {
		return nil, err
	}
	s := &Set{embedder: emb}
	for _, f := range files {
		name := filepath.Base(f)
		ext := filepath.Ext(name)
		company, doc, _ := strings.Cut(strings.TrimSuffix(name, ext), "--")
		body, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		n := 0
		in := domain.Ingester{Embedder: emb, NewID: func() string { n++; return fmt.Sprintf("%s#%d", doc, n) }}
		title := strings.ReplaceAll(doc, "-", " ")
		chunks, err := in.Prepare(ctx, company, doc, domain.IngestRequest{Title: title, Format: formats[ext], Content: string(body),
			Source: domain.SourceRef{Type: "upload", Ref: name}})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		s.chunks = append(s.chunks, chunks...)
		s.Docs++
	}
	s.Chunks = len(s.chunks)
	q, err := os.ReadFile(filepath.Join(dir, "queries.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(q, &s.Queries); err != nil {
		return nil, fmt.Errorf("queries.json: %w", err)
	}
	return s, nil
}

// Seeded embeds like the offline embedder with another hash function of
// its family (embedhash.HashEmbedSeed; seed 0 is the offline embedder), to
// tell how much of a result is the luck of one hash function's collisions.
type Seeded struct{ Seed uint64 }

// Embed returns one vector per text.
func (s Seeded) Embed(_ context.Context, texts []string) (string, [][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = embedhash.HashEmbedSeed(t, embedhash.Dims, s.Seed)
	}
	return fmt.Sprintf("%s-seed%d", offlineembed.Model, s.Seed), out, nil
}

// Scores are the mean quality of one mode over the queries.
type Scores struct {
	RecallAt5 float64 // share of relevant documents in the first 5
	MRR       float64 // mean of 1/rank of the first relevant document (0 when none in the first 50 chunks)
}

// Outcome is one query's result in one mode: the rank (from 1) of each of
// its relevant documents in the document ranking, 0 when absent.
type Outcome struct {
	Query Query
	Ranks []int
}

// Evaluate indexes the set with o and scores every mode.
func (s *Set) Evaluate(ctx context.Context, o index.Options) (map[domain.Mode]Scores, error) {
	outcomes, err := s.Outcomes(ctx, o)
	if err != nil {
		return nil, err
	}
	return Score(outcomes), nil
}

// Score averages outcomes per mode.
func Score(outcomes map[domain.Mode][]Outcome) map[domain.Mode]Scores {
	out := map[domain.Mode]Scores{}
	for mode, ocs := range outcomes {
		var sc Scores
		for _, oc := range ocs {
			found, first := 0, 0
			for _, r := range oc.Ranks {
				if r > 0 && r <= 5 {
					found++
				}
				if r > 0 && (first == 0 || r < first) {
					first = r
				}
			}
			sc.RecallAt5 += float64(found) / float64(len(oc.Ranks))
			if first > 0 {
				sc.MRR += 1 / float64(first)
			}
		}
		n := float64(len(ocs))
		out[mode] = Scores{RecallAt5: sc.RecallAt5 / n, MRR: sc.MRR / n}
	}
	return out
}

// Outcomes indexes the set with o and runs every query in every mode.
func (s *Set) Outcomes(ctx context.Context, o index.Options) (map[domain.Mode][]Outcome, error) {
	x := index.New(o)
	if err := x.Upsert(s.chunks); err != nil {
		return nil, err
	}
	searcher := domain.Searcher{Index: x, Embedder: s.embedder}
	out := map[domain.Mode][]Outcome{}
	for _, mode := range []domain.Mode{domain.Keyword, domain.Vector, domain.Hybrid} {
		for _, q := range s.Queries {
			res, err := searcher.Search(ctx, q.Company, domain.SearchRequest{Query: q.Query, TopK: domain.MaxTopK, Mode: mode})
			if err != nil {
				return nil, err
			}
			var docs []string
			for _, r := range res {
				if !slices.Contains(docs, r.Chunk.SourceID) {
					docs = append(docs, r.Chunk.SourceID)
				}
			}
			oc := Outcome{Query: q, Ranks: make([]int, len(q.Relevant))}
			for i, rel := range q.Relevant {
				oc.Ranks[i] = slices.Index(docs, rel) + 1
			}
			out[mode] = append(out[mode], oc)
		}
	}
	return out, nil
}
