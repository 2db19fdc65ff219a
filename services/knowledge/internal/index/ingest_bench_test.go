package index_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/services/knowledge/internal/chunk"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
	"github.com/copydesk/copydesk/services/knowledge/internal/offlineembed"
)

// BenchmarkIngest measures the whole ingest path per document: markdown
// chunking, offline embeddings (embedhash) and the index
// upsert. Each document has 12 sections of 80–160 words, about 12 chunks.
func BenchmarkIngest(b *testing.B) {
	c := syntheticCorpus()
	r := rand.New(rand.NewPCG(3, 4))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(c.words)-1))
	docs := make([]string, 200)
	for i := range docs {
		var sb strings.Builder
		for s := range 12 {
			fmt.Fprintf(&sb, "## %s %d\n\n%s.\n\n%s.\n\n", sentence(r, z, c.words, 3), s,
				sentence(r, z, c.words, 40+r.IntN(40)), sentence(r, z, c.words, 40+r.IntN(40)))
		}
		docs[i] = sb.String()
	}
	x := index.New(index.Options{})
	chunks := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		pieces, err := chunk.Split("markdown", docs[i%len(docs)], chunk.Options{})
		if err != nil {
			b.Fatal(err)
		}
		cs := make([]domain.Chunk, len(pieces))
		texts := make([]string, len(pieces))
		for j, p := range pieces {
			cs[j] = domain.Chunk{ID: fmt.Sprintf("s%d-%d", i, j), CompanyID: "acme", SourceID: fmt.Sprintf("s%d", i),
				Title: "Synthetic guide", HeadingPath: p.HeadingPath, Content: p.Content, Position: p.Position}
			texts[j] = cs[j].IndexText()
		}
		vecs, model, err := offlineembed.Embedder{}.Embed(b.Context(), "acme", texts)
		if err != nil {
			b.Fatal(err)
		}
		for j := range cs {
			cs[j].Vector, cs[j].EmbeddingModel = vecs[j], model
		}
		if err := x.Upsert(cs); err != nil {
			b.Fatal(err)
		}
		chunks += len(cs)
	}
	b.ReportMetric(float64(chunks)/b.Elapsed().Seconds(), "chunks/s")
}
