package embedhash_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/embedhash"
)

// benchTexts are deterministic texts of n words drawn from a small English
// vocabulary with a few longer words, so that word lengths resemble prose.
func benchTexts(n int) []string {
	vocab := strings.Fields(`return refund policy shipping order customer delivery coffee subscription
		jacket waterproof recycled sustainability warranty tent backpacking boots sizing
		newsletter instagram allergens caffeine wholesale barista glaze ceramics workshop
		savings investing compliance account transfer interest statement the of and to in`)
	r := rand.New(rand.NewPCG(3, 4))
	out := make([]string, 64)
	for i := range out {
		w := make([]string, n)
		for j := range w {
			w[j] = vocab[r.IntN(len(vocab))]
		}
		out[i] = strings.Join(w, " ")
	}
	return out
}

// BenchmarkHashEmbed measures embeddings per second of chunk-sized texts
// (100 words, what ingest embeds) and query-sized ones (6 words):
//
//	go test -run '^$' -bench HashEmbed ./pkg/embedhash
func BenchmarkHashEmbed(b *testing.B) {
	for _, bc := range []struct {
		name  string
		words int
	}{{"chunk100w", 100}, {"query6w", 6}} {
		b.Run(bc.name, func(b *testing.B) {
			texts := benchTexts(bc.words)
			i := 0
			for b.Loop() {
				embedhash.HashEmbed(texts[i%len(texts)], embedhash.Dims)
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "embeds/s")
		})
	}
}
