// Package embedhash owns the offline embedding: deterministic feature
// hashing of words and word pairs into an L2-normalised vector. The llm
// service's offline provider answers Embed with it, and knowledge tests and
// benchmarks embed with it directly, so both see the very same vectors. Its
// word analysis (Words, Normalize) is also the keyword analyzer of the
// knowledge index, so keyword and vector search agree on what a word is.
package embedhash

import (
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// Dims is the dimension of offline embeddings.
const Dims = 256

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
	words := Words(text)
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

// IsWordRune reports whether r belongs to a word: letters and digits; every
// other rune separates words.
func IsWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Words lowercases, splits on runes that are not letters or digits and
// normalises every word (see Normalize), dropping stopwords.
func Words(s string) []string {
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !IsWordRune(r) })
	out := parts[:0]
	for _, p := range parts {
		if w, ok := Normalize(p); ok {
			out = append(out, w)
		}
	}
	return out
}

// Normalize takes one lowercased word and returns its analysed form: a
// plural "s" is stripped so that "shoes" and "shoe" meet. ok is false for
// stopwords, which carry no topic.
func Normalize(word string) (w string, ok bool) {
	if stopwords[word] {
		return "", false
	}
	if len(word) > 3 && strings.HasSuffix(word, "s") && !strings.HasSuffix(word, "ss") {
		word = word[:len(word)-1]
	}
	return word, true
}
