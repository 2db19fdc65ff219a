package provider

import (
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// OfflineDims is the dimension of offline embeddings.
const OfflineDims = 256

// stopwords carry no topic; dropping them makes overlap of content words
// dominate the similarity.
var stopwords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true,
	"for": true, "from": true, "has": true, "have": true, "how": true, "i": true, "in": true, "is": true,
	"it": true, "its": true, "of": true, "on": true, "or": true, "our": true, "that": true, "the": true,
	"this": true, "to": true, "was": true, "we": true, "what": true, "which": true, "with": true,
	"you": true, "your": true, "do": true, "does": true, "can": true, "will": true,
}

// HashEmbed maps text to an L2-normalised vector of dims floats by signed
// feature hashing of its words (weight 1) and adjacent word pairs (weight
// 0.5). Texts sharing words share dimensions, so cosine similarity tracks
// word overlap; the same text always gives the same vector.
func HashEmbed(text string, dims int) []float32 {
	v := make([]float64, dims)
	words := tokenize(text)
	add := func(feature string, w float64) {
		h := fnv.New64a()
		_, _ = h.Write([]byte(feature))
		sum := h.Sum64()
		idx := int(sum % uint64(dims))
		if sum>>63 == 1 {
			w = -w
		}
		v[idx] += w
	}
	for i, w := range words {
		add("w:"+w, 1)
		if i > 0 {
			add("p:"+words[i-1]+" "+w, 0.5)
		}
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, dims)
	if norm == 0 {
		return out
	}
	norm = math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}

// tokenize lowercases, splits on non letters/digits, drops stopwords and
// strips a plural "s" so that "shoes" and "shoe" meet.
func tokenize(s string) []string {
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := parts[:0]
	for _, p := range parts {
		if stopwords[p] {
			continue
		}
		if len(p) > 3 && strings.HasSuffix(p, "s") && !strings.HasSuffix(p, "ss") {
			p = p[:len(p)-1]
		}
		out = append(out, p)
	}
	return out
}
