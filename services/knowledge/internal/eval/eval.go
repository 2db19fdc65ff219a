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
	Docs    int
	Chunks  int
	Queries []Query
	chunks  []domain.Chunk
}

var formats = map[string]string{".md": "markdown", ".html": "html", ".txt": "text"}

// Load reads dir/docs/<company>--<doc>.<md|html|txt> and dir/queries.json
// and prepares every document's chunks.
func Load(ctx context.Context, dir string) (*Set, error) {
	files, err := filepath.Glob(filepath.Join(dir, "docs", "*--*"))
	if err != nil {
		return nil, err
	}
	s := &Set{}
	for _, f := range files {
		name := filepath.Base(f)
		ext := filepath.Ext(name)
		company, doc, _ := strings.Cut(strings.TrimSuffix(name, ext), "--")
		body, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		n := 0
		in := domain.Ingester{Embedder: offlineembed.Embedder{}, NewID: func() string { n++; return fmt.Sprintf("%s#%d", doc, n) }}
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

// Scores are the mean quality of one mode over the queries.
type Scores struct {
	RecallAt5 float64 // share of relevant documents in the first 5
	MRR       float64 // mean of 1/rank of the first relevant document (0 when none in the first 50 chunks)
}

// Evaluate indexes the set with o and scores every mode.
func (s *Set) Evaluate(ctx context.Context, o index.Options) (map[domain.Mode]Scores, error) {
	x := index.New(o)
	if err := x.Upsert(s.chunks); err != nil {
		return nil, err
	}
	searcher := domain.Searcher{Index: x, Embedder: offlineembed.Embedder{}}
	out := map[domain.Mode]Scores{}
	for _, mode := range []domain.Mode{domain.Keyword, domain.Vector, domain.Hybrid} {
		var sc Scores
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
			found := 0
			for _, rel := range q.Relevant {
				if i := slices.Index(docs, rel); i >= 0 && i < 5 {
					found++
				}
			}
			sc.RecallAt5 += float64(found) / float64(len(q.Relevant))
			for i, d := range docs {
				if slices.Contains(q.Relevant, d) {
					sc.MRR += 1 / float64(i+1)
					break
				}
			}
		}
		n := float64(len(s.Queries))
		out[mode] = Scores{RecallAt5: sc.RecallAt5 / n, MRR: sc.MRR / n}
	}
	return out, nil
}
