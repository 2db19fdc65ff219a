// Package eval measures retrieval quality on the labelled set in
// testdata/retrieval: documents of four fictional companies and queries
// with the documents that answer them. Documents go through the real
// pipeline (package chunk → offline embeddings of Chunk.IndexText → the
// index) and queries through the index, embedded the same way; a query's
// ranking is its chunks' documents in order, duplicates dropped.
package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/services/knowledge/internal/chunk"
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
		chunks, err := prepare(ctx, company, doc, formats[ext], string(body))
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

// prepare splits and embeds one document as the service's ingest does.
func prepare(ctx context.Context, company, doc, format, body string) ([]domain.Chunk, error) {
	pieces, err := chunk.Split(format, body, chunk.Options{})
	if err != nil {
		return nil, err
	}
	title := strings.ReplaceAll(doc, "-", " ")
	out := make([]domain.Chunk, len(pieces))
	texts := make([]string, len(pieces))
	for i, p := range pieces {
		out[i] = domain.Chunk{ID: fmt.Sprintf("%s#%d", doc, i), CompanyID: company, SourceID: doc, Title: title,
			HeadingPath: p.HeadingPath, Content: p.Content, Position: p.Position, TokenCount: p.TokenCount, Active: true}
		texts[i] = out[i].IndexText()
	}
	vecs, model, err := offlineembed.Embedder{}.Embed(ctx, company, texts)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Vector, out[i].EmbeddingModel = vecs[i], model
	}
	return out, nil
}

// maxTopK is the search's largest top_k: the depth a ranking is read to.
const maxTopK = 50

// Scores are the mean quality of one mode over the queries.
type Scores struct {
	RecallAt5 float64 // share of relevant documents in the first 5
	MRR       float64 // mean of 1/rank of the first relevant document (0 when none in the first 50 chunks)
}

// Evaluate indexes the set with o and scores every mode.
func (s *Set) Evaluate(ctx context.Context, o index.Options) (map[string]Scores, error) {
	x := index.New(o)
	if err := x.Upsert(s.chunks); err != nil {
		return nil, err
	}
	out := map[string]Scores{}
	for _, mode := range []string{domain.ModeKeyword, domain.ModeVector, domain.ModeHybrid} {
		var sc Scores
		for _, q := range s.Queries {
			vecs, _, err := offlineembed.Embedder{}.Embed(ctx, q.Company, []string{q.Query})
			if err != nil {
				return nil, err
			}
			res := x.Search(q.Company, domain.IndexQuery{Text: q.Query, Vector: vecs[0], Mode: mode, K: maxTopK})
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
