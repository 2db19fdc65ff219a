package eval_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/eval"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
)

const setDir = "../../testdata/retrieval"

// TestRetrievalQuality reports recall@5 and MRR per mode (go test -v -run
// RetrievalQuality ./internal/eval) and holds hybrid search, with the
// index's defaults and the offline embedder, to the rule: recall@5
// and MRR strictly above both keyword's and vector's. It also holds hybrid
// to keeping every relevant document that either ranking puts in its first
// five.
//
// How much of that is the design and how much one hash function's luck is
// in README "Search internals": the MRR win holds for most other hash
// functions of the embedder, the recall win over vector for few — both
// rankings miss one query's document (it needs knowing that the United
// States are outside the European Union), so a vector ranking that loses
// nothing else to hash collisions ties hybrid's recall. If a change of the
// embedder fails only that comparison, check the union condition and the
// seeds in the sweep before tuning anything.
//
// KNOWLEDGE_EVAL_SWEEP=1 also logs the grid of vector weight, RRF k and
// depth the defaults were chosen from, each setting also scored with 32
// other hash functions of the offline embedder, and the defaults seed by
// seed.
func TestRetrievalQuality(t *testing.T) {
	set, err := eval.Load(t.Context(), setDir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Docs < 30 || len(set.Queries) < 50 {
		t.Fatalf("labelled set has %d documents and %d queries; want at least 30 and 50", set.Docs, len(set.Queries))
	}
	outcomes, err := set.Outcomes(t.Context(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := eval.Score(outcomes)
	t.Logf("%d documents, %d chunks, %d queries (RRF k %d, depth %d, vector weight %.2f)", set.Docs, set.Chunks, len(set.Queries), index.DefaultRRFK, index.DefaultDepth, index.DefaultVectorWeight)
	for _, m := range []string{domain.ModeKeyword, domain.ModeVector, domain.ModeHybrid} {
		t.Logf("%-8s recall@5 %.3f  MRR %.3f", m, res[m].RecallAt5, res[m].MRR)
	}
	h, kw, vec := res[domain.ModeHybrid], res[domain.ModeKeyword], res[domain.ModeVector]
	if !above(h.MRR, kw.MRR) || !above(h.MRR, vec.MRR) {
		t.Errorf("hybrid MRR %.3f does not beat keyword %.3f and vector %.3f", h.MRR, kw.MRR, vec.MRR)
	}
	if !above(h.RecallAt5, kw.RecallAt5) || !above(h.RecallAt5, vec.RecallAt5) {
		t.Errorf("hybrid recall@5 %.3f does not beat keyword %.3f and vector %.3f", h.RecallAt5, kw.RecallAt5, vec.RecallAt5)
	}
	for i, oc := range outcomes[domain.ModeHybrid] {
		for j, rel := range oc.Query.Relevant {
			kr, vr, hr := outcomes[domain.ModeKeyword][i].Ranks[j], outcomes[domain.ModeVector][i].Ranks[j], oc.Ranks[j]
			if (inTop5(kr) || inTop5(vr)) && !inTop5(hr) {
				t.Errorf("%q: document %q is %d by keyword and %d by vector but %d by hybrid (0: not ranked)", oc.Query.Query, rel, kr, vr, hr)
			}
		}
	}
	if os.Getenv("KNOWLEDGE_EVAL_SWEEP") == "" {
		return
	}
	sweep(t, set)
}

// sweepSeeds is how many other hash functions of the offline embedder the
// sweep scores: at 256 dimensions which n-grams collide moves a query or
// two, so a difference that holds for most seeds is the design's, one
// that holds for a single seed is luck.
const sweepSeeds = 32

// sweep logs, for a grid of vector weight, RRF k and depth, hybrid's
// scores on set and (depth 50) its mean scores over sweepSeeds other hash
// functions with how many of them beat both rankings on MRR; then the
// defaults seed by seed.
func sweep(t *testing.T, set *eval.Set) {
	seeded := make([]*eval.Set, sweepSeeds)
	for i := range seeded {
		s, err := eval.LoadWith(t.Context(), setDir, eval.Seeded{Seed: uint64(i + 1)})
		if err != nil {
			t.Fatal(err)
		}
		seeded[i] = s
	}
	for _, w := range []float64{0.25, 0.3, 0.4, 0.5, 0.75, 1} {
		for _, k := range []int{1, 2, 5, 10, 20, 60} {
			for _, depth := range []int{10, 50} {
				o := index.Options{RRFK: k, Depth: depth, VectorWeight: w}
				r, err := set.Evaluate(t.Context(), o)
				if err != nil {
					t.Fatal(err)
				}
				line := fmt.Sprintf("sweep vector weight %.2f k=%2d depth=%2d: hybrid recall@5 %.3f MRR %.3f", w, k, depth, r[domain.ModeHybrid].RecallAt5, r[domain.ModeHybrid].MRR)
				if depth == 50 {
					mean, wins := overSeeds(t, seeded, o, nil)
					line += fmt.Sprintf(" | %d seeds: mean %.3f/%.3f, MRR above both in %d", sweepSeeds, mean[2].RecallAt5, mean[2].MRR, wins)
				}
				t.Log(line)
			}
		}
	}
	mean, wins := overSeeds(t, seeded, index.Options{}, func(seed int, kw, vec, h eval.Scores) {
		t.Logf("defaults, seed %2d: keyword %.3f/%.3f vector %.3f/%.3f hybrid %.3f/%.3f (recall@5/MRR)", seed, kw.RecallAt5, kw.MRR, vec.RecallAt5, vec.MRR, h.RecallAt5, h.MRR)
	})
	t.Logf("defaults, means over %d seeds: keyword %.3f/%.3f vector %.3f/%.3f hybrid %.3f/%.3f; hybrid MRR above both in %d", sweepSeeds,
		mean[0].RecallAt5, mean[0].MRR, mean[1].RecallAt5, mean[1].MRR, mean[2].RecallAt5, mean[2].MRR, wins)
}

// overSeeds evaluates o on every seeded set and returns the mean scores of
// keyword, vector and hybrid and how often hybrid's MRR beat both; each
// calls back with one seed's scores when not nil.
func overSeeds(t *testing.T, seeded []*eval.Set, o index.Options, each func(seed int, kw, vec, h eval.Scores)) (mean [3]eval.Scores, mrrWins int) {
	n := float64(len(seeded))
	for i, s := range seeded {
		r, err := s.Evaluate(t.Context(), o)
		if err != nil {
			t.Fatal(err)
		}
		kw, vec, h := r[domain.ModeKeyword], r[domain.ModeVector], r[domain.ModeHybrid]
		if each != nil {
			each(i+1, kw, vec, h)
		}
		for j, sc := range []eval.Scores{kw, vec, h} {
			mean[j].RecallAt5 += sc.RecallAt5 / n
			mean[j].MRR += sc.MRR / n
		}
		if above(h.MRR, kw.MRR) && above(h.MRR, vec.MRR) {
			mrrWins++
		}
	}
	return mean, mrrWins
}

// above reports a > b by more than float rounding (one query moving one
// place changes a mean by far more).
func above(a, b float64) bool { return a > b+1e-9 }

func inTop5(rank int) bool { return rank >= 1 && rank <= 5 }
