// Package embedhash owns the offline embedding: deterministic feature
// hashing of the character n-grams of words into an L2-normalised vector.
// The llm service's offline provider answers Embed with it, and knowledge
// tests and benchmarks embed with it directly, so both see the very same
// vectors. Its word analysis (Words, Normalize) is also the keyword
// analyzer of the knowledge index, so keyword and vector search agree on
// what a word is.
package embedhash

import (
	"math"
	"sync"
	"unicode/utf8"
)

// Dims is the dimension of offline embeddings.
const Dims = 256

// Character n-grams of every word, from minGram to maxGram runes (end
// marks included). Adding 3-grams ranked no better on the knowledge
// service's labelled set but put 1.6 times as many non-zero dimensions into
// a query, which the vector search pays for per dimension.
const (
	minGram = 4
	maxGram = 5
)

// HashEmbed maps text to an L2-normalised vector of dims floats by signed
// feature hashing. Its features are the character n-grams (4 and 5 runes)
// of every word (Words) marked at both ends: "<ship>" gives "<shi", "ship",
// "hip>", "<ship", "ship>"; "<tea>" gives "<tea", "tea>", "<tea>". A
// word's n-grams share a weight of 1 (each 1/√n), so every word counts
// alike whatever its length, an exact word match still matches all of its
// n-grams, and forms of one word ("refund", "refunded"), compounds
// ("waterproof", "water") and misspellings ("sustainibility") overlap in
// part — the signal that exact-word BM25 lacks.
//
// A feature occurring c times in the text counts 1+ln(c) times its mean
// weight (sublinear term frequency), so a word repeated through a chunk,
// or an n-gram common to many of its words, does not drown the rest. The
// same text always gives the same vector; a text without words gives the
// zero vector.
func HashEmbed(text string, dims int) []float32 { return HashEmbedSeed(text, dims, 0) }

// HashEmbedSeed is HashEmbed with another hash function of the same family
// for each seed; seed 0 is HashEmbed. At 256 dimensions thousands of
// n-grams share the dimensions, so which of them collide changes rankings
// a little; evaluations embed with several seeds to tell a design's quality
// from the luck of one hash function.
func HashEmbedSeed(text string, dims int, seed uint64) []float32 {
	words := Words(text)
	t := tablePool.Get().(*table)
	defer tablePool.Put(t)
	bound := 0 // n-grams of a word of r runes: at most (maxGram-minGram+1)·(r+2)
	for _, w := range words {
		bound += (maxGram - minGram + 1) * (len(w) + 2)
	}
	t.reset(bound)
	var buf [64]byte
	var startBuf [32]int
	for _, w := range words {
		marked := append(append(append(buf[:0], '<'), w...), '>')
		starts := startBuf[:0]
		for b := 0; b < len(marked); {
			starts = append(starts, b)
			_, size := utf8.DecodeRune(marked[b:])
			b += size
		}
		starts = append(starts, len(marked))
		runes := len(starts) - 1
		grams := 0
		for n := minGram; n <= maxGram && n <= runes; n++ {
			grams += runes - n + 1
		}
		weight := 1 / math.Sqrt(float64(grams))
		for n := minGram; n <= maxGram && n <= runes; n++ {
			for s := 0; s+n <= runes; s++ {
				t.add(hash(seed, marked[starts[s]:starts[s+n]]), weight)
			}
		}
	}
	v := make([]float64, dims)
	for _, i := range t.used {
		h, sum, c := t.keys[i], t.sums[i], t.counts[i]
		if c > 1 {
			sum = sum / float64(c) * damp(c)
		}
		if h>>63 == 1 {
			sum = -sum
		}
		v[h%uint64(dims)] += sum
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

// hash is 64-bit FNV-1a of a feature (its offset basis changed by the
// seed), finished by murmur3's fmix64 so that every bit (the sign is the
// top one, the dimension the remainder) depends on every byte. It is never
// 0, the empty mark of table.
func hash(seed uint64, feature []byte) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037) ^ seed*0x9e3779b97f4a7c15
	for _, b := range feature {
		h = (h ^ uint64(b)) * prime
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb53a802e8c9b
	h ^= h >> 33
	return max(h, 1)
}

// damp is the sublinear weight 1+ln(c) of a feature seen c times.
func damp(c int32) float64 {
	if int(c) < len(dampTable) {
		return dampTable[c]
	}
	return 1 + math.Log(float64(c))
}

var dampTable = func() (t [64]float64) {
	for c := 1; c < len(t); c++ {
		t[c] = 1 + math.Log(float64(c))
	}
	return t
}()

// table sums the weights and counts the occurrences of each feature hash
// (open addressing, linear probing; key 0 marks an empty slot) and lists
// the slots used in the order they were filled, so that HashEmbed visits
// only those, always in the same order for the same text. Reused through
// tablePool: a chunk has a few thousand n-gram occurrences.
type table struct {
	keys   []uint64
	sums   []float64
	counts []int32
	used   []int32
	mask   uint64
}

var tablePool = sync.Pool{New: func() any { return new(table) }}

// reset empties the table and sizes it for at most n features at a load
// of at most one half (so a probe always ends).
func (t *table) reset(n int) {
	size := 64
	for size < 2*n {
		size *= 2
	}
	if len(t.keys) < size {
		t.keys, t.sums, t.counts = make([]uint64, size), make([]float64, size), make([]int32, size)
	} else {
		for _, i := range t.used {
			t.keys[i] = 0
		}
	}
	t.used = t.used[:0]
	t.mask = uint64(size - 1)
}

func (t *table) add(h uint64, w float64) {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case h:
			t.sums[i] += w
			t.counts[i]++
			return
		case 0:
			t.keys[i], t.sums[i], t.counts[i] = h, w, 1
			t.used = append(t.used, int32(i))
			return
		}
	}
}
