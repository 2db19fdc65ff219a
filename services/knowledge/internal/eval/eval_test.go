package eval_test

import (
	"os"
	"testing"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/eval"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
)

// TestRetrievalQuality reports recall@5 and MRR per mode (go test -v -run
// RetrievalQuality ./internal/eval) and holds hybrid, with the index's
// defaults, to finding more relevant documents in the first five than
// either ranking alone, ranking the first relevant one better than vector
// and no worse than keyword. (With the offline embedder no fusion setting
// beats BM25's MRR on this set; README "Search internals" has the grid.)
// KNOWLEDGE_EVAL_SWEEP=1 also logs a grid of vector weight, RRF k and depth, the tool the
// defaults were chosen with.
func TestRetrievalQuality(t *testing.T) {
	set, err := eval.Load(t.Context(), "../../testdata/retrieval")
	if err != nil {
		t.Fatal(err)
	}
	if set.Docs < 30 || len(set.Queries) < 50 {
		t.Fatalf("labelled set has %d documents and %d queries; want at least 30 and 50", set.Docs, len(set.Queries))
	}
	res, err := set.Evaluate(t.Context(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents, %d chunks, %d queries (RRF k %d, depth %d, vector weight %.2f)", set.Docs, set.Chunks, len(set.Queries), index.DefaultRRFK, index.DefaultDepth, index.DefaultVectorWeight)
	for _, m := range []string{domain.ModeKeyword, domain.ModeVector, domain.ModeHybrid} {
		t.Logf("%-8s recall@5 %.3f  MRR %.3f", m, res[m].RecallAt5, res[m].MRR)
	}
	h := res[domain.ModeHybrid]
	kw, vec := res[domain.ModeKeyword], res[domain.ModeVector]
	if h.RecallAt5 <= kw.RecallAt5 || h.RecallAt5 <= vec.RecallAt5 {
		t.Errorf("hybrid recall@5 %.3f does not beat keyword %.3f and vector %.3f", h.RecallAt5, kw.RecallAt5, vec.RecallAt5)
	}
	if h.MRR <= vec.MRR || h.MRR < kw.MRR-1e-9 {
		t.Errorf("hybrid MRR %.3f: want above vector %.3f and at least keyword %.3f", h.MRR, vec.MRR, kw.MRR)
	}
	if os.Getenv("KNOWLEDGE_EVAL_SWEEP") == "" {
		return
	}
	for _, w := range []float64{0.25, 0.4, 0.5, 0.75, 1} {
		for _, k := range []int{5, 10, 20, 40, 60, 100} {
			for _, depth := range []int{10, 50} {
				r, err := set.Evaluate(t.Context(), index.Options{RRFK: k, Depth: depth, VectorWeight: w})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("sweep vector weight %.2f k=%3d depth=%2d: hybrid recall@5 %.3f MRR %.3f", w, k, depth, r[domain.ModeHybrid].RecallAt5, r[domain.ModeHybrid].MRR)
			}
		}
	}
}
