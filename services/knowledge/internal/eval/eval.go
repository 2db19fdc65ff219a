// Package eval measures retrieval quality on the labelled set in
// testdata/retrieval: documents of four fictional companies and queries
// with the documents that answer them. Documents go through the real
// pipeline (package chunk → embeddings of Chunk.IndexText → the index) and
// queries through the index, embedded the same way; a query's ranking is
// its chunks' documents in order, duplicates dropped.
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
		chunks, err := prepare(ctx, emb, company, doc, formats[ext], string(body))
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
func prepare(ctx context.Context, emb domain.Embedder, company, doc, format, body string) ([]domain.Chunk, error) {
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
	vecs, model, err := emb.Embed(ctx, company, texts)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Vector, out[i].EmbeddingModel = vecs[i], model
	}
	return out, nil
}

// Seeded embeds like the offline embedder with another hash function of
// its family (embedhash.HashEmbedSeed; seed 0 is the offline embedder), to
// tell how much of a result is the luck of one hash function's collisions.
type Seeded struct{ Seed uint64 }

// Embed returns one vector per text.
func (s Seeded) Embed(_ context.Context, _ string, texts []string) ([][]float32, string, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = embedhash.HashEmbedSeed(t, embedhash.Dims, s.Seed)
	}
	return out, fmt.Sprintf("%s-seed%d", offlineembed.Model, s.Seed), nil
}

// maxTopK is the search's largest top_k: the depth a ranking is read to.
const maxTopK = 50

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
func (s *Set) Evaluate(ctx context.Context, o index.Options) (map[string]Scores, error) {
	outcomes, err := s.Outcomes(ctx, o)
	if err != nil {
		return nil, err
	}
	return Score(outcomes), nil
}

// Score averages outcomes per mode.
func Score(outcomes map[string][]Outcome) map[string]Scores {
	out := map[string]Scores{}
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
func (s *Set) Outcomes(ctx context.Context, o index.Options) (map[string][]Outcome, error) {
	x := index.New(o)
	if err := x.Upsert(s.chunks); err != nil {
		return nil, err
	}
	out := map[string][]Outcome{}
	for _, mode := range []string{domain.ModeKeyword, domain.ModeVector, domain.ModeHybrid} {
		for _, q := range s.Queries {
			vecs, _, err := s.embedder.Embed(ctx, q.Company, []string{q.Query})
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
			oc := Outcome{Query: q, Ranks: make([]int, len(q.Relevant))}
			for i, rel := range q.Relevant {
				oc.Ranks[i] = slices.Index(docs, rel) + 1
			}
			out[mode] = append(out[mode], oc)
		}
	}
	return out, nil
}
