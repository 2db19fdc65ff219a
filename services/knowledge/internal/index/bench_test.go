package index_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/embedhash"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
	"github.com/copydesk/copydesk/services/knowledge/internal/offlineembed"
)

// Benchmarks (README "Search internals"):
//
//	go test -run '^$' -bench 'Top10|Ingest' -benchtime 2000x ./internal/index
//	go test -run '^$' -bench 'Heap' -benchtime 1x ./internal/index
//
// The corpus is synthetic and deterministic: 100,000 chunks of one company
// ("big") and 5,000 chunks of each of 10 other companies, 60–140 words each,
// drawn from a Zipf-distributed vocabulary of 30,000 generated words.
const (
	bigChunks     = 100_000
	otherCompanys = 10
	otherChunks   = 5_000
)

type corpus struct {
	words   []string
	chunks  []domain.Chunk // big company's first, then the others
	queries []domain.IndexQuery
}

var (
	corpusOnce sync.Once
	theCorpus  corpus
	indexOnce  sync.Once
	theIndex   *index.Index
)

func vocabulary(r *rand.Rand, n int) []string {
	const letters = "abcdefghijklmnoprstuvwy"
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		l := 3 + r.IntN(8)
		b := make([]byte, l)
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		if w, ok := embedhash.Normalize(string(b)); ok && !seen[w] && w == string(b) {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func sentence(r *rand.Rand, z *rand.Zipf, words []string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = words[z.Uint64()]
	}
	return strings.Join(parts, " ")
}

func syntheticCorpus() *corpus {
	corpusOnce.Do(func() {
		r := rand.New(rand.NewPCG(1, 2))
		theCorpus.words = vocabulary(r, 30_000)
		z := rand.NewZipf(r, 1.1, 2, uint64(len(theCorpus.words)-1))
		add := func(company string, n int) {
			for i := range n {
				c := domain.Chunk{
					ID: fmt.Sprintf("%s-%d", company, i), CompanyID: company, SourceID: fmt.Sprintf("%s-src-%d", company, i/20),
					Title: sentence(r, z, theCorpus.words, 4), HeadingPath: []string{sentence(r, z, theCorpus.words, 3)},
					Content: sentence(r, z, theCorpus.words, 60+r.IntN(81)), Position: i % 20,
					Tags: []string{[]string{"brand", "product", "legal", "style"}[i%4]},
				}
				c.EmbeddingModel, c.Vector = offlineembed.Model, embedhash.HashEmbed(c.IndexText(), embedhash.Dims)
				theCorpus.chunks = append(theCorpus.chunks, c)
			}
		}
		add("big", bigChunks)
		for i := range otherCompanys {
			add(fmt.Sprintf("other%02d", i), otherChunks)
		}
		for range 500 { // queries: 2–6 words, mostly from the middle of the frequency range
			n := 2 + r.IntN(5)
			parts := make([]string, n)
			for j := range parts {
				parts[j] = theCorpus.words[20+r.IntN(3000)]
			}
			text := strings.Join(parts, " ")
			theCorpus.queries = append(theCorpus.queries, domain.IndexQuery{Text: text, Vector: embedhash.HashEmbed(text, embedhash.Dims), K: 10})
		}
	})
	return &theCorpus
}

func builtIndex(tb testing.TB) *index.Index {
	c := syntheticCorpus()
	indexOnce.Do(func() {
		theIndex = index.New(index.Options{})
		for start := 0; start < len(c.chunks); start += 1000 {
			if err := theIndex.Upsert(c.chunks[start:min(start+1000, len(c.chunks))]); err != nil {
				tb.Fatal(err)
			}
		}
	})
	return theIndex
}

// benchSearch reports per-query latency percentiles of one mode on the big
// company.
func benchSearch(b *testing.B, mode string, f domain.SearchFilter) {
	x := builtIndex(b)
	qs := syntheticCorpus().queries
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		q.Mode, q.Filter = mode, f
		t0 := time.Now()
		hits := x.Search("big", q)
		lat = append(lat, time.Since(t0))
		if len(hits) == 0 && mode != domain.ModeKeyword {
			b.Fatal("no hits")
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.95), "p95_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
}

// BenchmarkVectorTop10DenseQuery is the worst case of the vector ranking:
// queries with every dimension non-zero (as a semantic embedding model's
// are), so every column is multiplied.
func BenchmarkVectorTop10DenseQuery(b *testing.B) {
	c := syntheticCorpus()
	r := rand.New(rand.NewPCG(5, 6))
	dense := make([]domain.IndexQuery, 50)
	for i := range dense {
		v := make([]float32, embedhash.Dims)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		dense[i] = domain.IndexQuery{Vector: v, K: 10}
	}
	saved := c.queries
	c.queries = dense
	defer func() { c.queries = saved }()
	benchSearch(b, domain.ModeVector, domain.SearchFilter{})
}

func BenchmarkHybridTop10(b *testing.B)  { benchSearch(b, domain.ModeHybrid, domain.SearchFilter{}) }
func BenchmarkKeywordTop10(b *testing.B) { benchSearch(b, domain.ModeKeyword, domain.SearchFilter{}) }
func BenchmarkVectorTop10(b *testing.B)  { benchSearch(b, domain.ModeVector, domain.SearchFilter{}) }
func BenchmarkHybridTop10Filtered(b *testing.B) {
	benchSearch(b, domain.ModeHybrid, domain.SearchFilter{Tags: []string{"style"}})
}

// BenchmarkHeapPer100k reports the Go heap an index of the big company's
// 100,000 chunks holds (runtime.ReadMemStats after GC, before and after
// building it) beside the index's own estimate (Stats). The chunks' strings
// are copied first, as chunks decoded from the store would be, so the index
// is charged for its texts.
func BenchmarkHeapPer100k(b *testing.B) {
	corpus := syntheticCorpus().chunks[:bigChunks]
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		chunks := slices.Clone(corpus)
		for i := range chunks {
			c := &chunks[i]
			c.ID, c.CompanyID, c.SourceID, c.Title = strings.Clone(c.ID), strings.Clone(c.CompanyID), strings.Clone(c.SourceID), strings.Clone(c.Title)
			c.Content, c.HeadingPath, c.Tags = strings.Clone(c.Content), []string{strings.Clone(c.HeadingPath[0])}, []string{strings.Clone(c.Tags[0])}
		}
		x := index.New(index.Options{})
		for start := 0; start < len(chunks); start += 1000 {
			if err := x.Upsert(chunks[start : start+1000]); err != nil {
				b.Fatal(err)
			}
		}
		chunks = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap_MiB/100k")
		b.ReportMetric(float64(x.Stats().Bytes)/(1<<20), "estimate_MiB/100k")
		runtime.KeepAlive(x)
	}
}
