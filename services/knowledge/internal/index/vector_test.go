package index_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
)

// The vector ranking is exact: on dense random vectors (no sparsity to
// exploit) its top 10 equals a brute-force cosine ranking, also after
// deletes and replacements.
func TestVectorRankingIsExact(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	randVec := func() []float32 {
		v := make([]float32, 48)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return v
	}
	x := index.New(index.Options{})
	vecs := map[string][]float32{}
	var batch []domain.Chunk
	for i := range 3000 {
		id := fmt.Sprintf("v%d", i)
		vecs[id] = randVec()
		batch = append(batch, domain.Chunk{ID: id, CompanyID: "acme", Content: "x", Vector: vecs[id]})
	}
	upsert(t, x, batch...)
	for i := 0; i < 3000; i += 3 {
		id := fmt.Sprintf("v%d", i)
		x.Delete("acme", id)
		delete(vecs, id)
	}
	for i := 1; i < 3000; i += 30 {
		id := fmt.Sprintf("v%d", i)
		vecs[id] = randVec()
		upsert(t, x, domain.Chunk{ID: id, CompanyID: "acme", Content: "x", Vector: vecs[id]})
	}
	for range 20 {
		q := randVec()
		type sim struct {
			id string
			s  float64
		}
		var all []sim
		for id, v := range vecs {
			if s := cosine(q, v); s > 0 {
				all = append(all, sim{id, s})
			}
		}
		sort.Slice(all, func(i, j int) bool { return all[i].s > all[j].s })
		var want []string
		for _, s := range all[:10] {
			want = append(want, s.id)
		}
		got := ids(x.Search("acme", domain.IndexQuery{Vector: q, Mode: domain.ModeVector, K: 10}))
		if !slices.Equal(got, want) {
			t.Fatalf("vector top 10 %q, brute force %q", got, want)
		}
	}
}

func cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	return ab / math.Sqrt(aa*bb)
}
