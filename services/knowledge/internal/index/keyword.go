package index

import (
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/embedhash"
)

// BM25 parameters (the usual Lucene/Robertson values).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// analyze splits text into index terms: words of letters and digits,
// lowercased, stopwords dropped, plural "s" stripped — the analysis of the
// offline embedder (embedhash.Words), so both rankings see the same words.
func analyze(text string) []string { return embedhash.Words(text) }

// queryTerms are the distinct terms of a query.
func queryTerms(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range analyze(text) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// scratch is a per-search score accumulator over slots.
type scratch struct {
	scores  []float32
	touched []int32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// keyword returns the k best slots by BM25 among those allow admits (nil
// admits every live slot). Document frequencies count the company's chunks
// (before filters: filters choose candidates, they do not change how rare
// a word is in the company's knowledge).
func (co *company) keyword(terms []string, allow []bool, k int) []scored {
	if co.live == 0 || len(terms) == 0 {
		return nil
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	if cap(sc.scores) < len(co.docs) {
		sc.scores = make([]float32, len(co.docs))
	}
	scores := sc.scores[:len(co.docs)]
	touched := sc.touched[:0]
	n := float64(co.live)
	avg := float64(co.totalLen) / n
	if avg == 0 {
		avg = 1
	}
	for _, t := range terms {
		list := co.postings[t]
		if len(list) == 0 {
			continue
		}
		df := float64(min(len(list), co.live))
		idf := float32(math.Log(1 + (n-df+0.5)/(df+0.5)))
		for _, p := range list {
			l := co.lens[p.slot]
			if l == 0 || (allow != nil && !allow[p.slot]) {
				continue // deleted, or filtered out before ranking
			}
			tf := float32(p.tf)
			norm := bm25K1 * (1 - bm25B + bm25B*float32(float64(l)/avg))
			if scores[p.slot] == 0 {
				touched = append(touched, p.slot)
			}
			scores[p.slot] += idf * tf * (bm25K1 + 1) / (tf + norm)
		}
	}
	top := newTopK(k)
	for _, s := range touched {
		top.push(s, scores[s])
		scores[s] = 0
	}
	sc.touched = touched
	return top.sorted()
}

// highlights returns up to max fragments of content around words that
// match terms, in document order, each about width bytes, cut at word
// boundaries and marked with "…" where the content goes on.
func highlights(content string, terms []string, max, width int) []string {
	want := make(map[string]bool, len(terms))
	for _, t := range terms {
		want[t] = true
	}
	var out []string
	covered := -1
	for i := 0; i < len(content) && len(out) < max; {
		r, n := utf8.DecodeRuneInString(content[i:])
		if !embedhash.IsWordRune(r) {
			i += n
			continue
		}
		j := i
		for j < len(content) {
			r, n := utf8.DecodeRuneInString(content[j:])
			if !embedhash.IsWordRune(r) {
				break
			}
			j += n
		}
		if w, ok := embedhash.Normalize(strings.ToLower(content[i:j])); ok && want[w] && i >= covered {
			start := wordStart(content, max0(i-width/3))
			end := wordEnd(content, min(len(content), start+width))
			frag := strings.TrimSpace(strings.Join(strings.Fields(content[start:end]), " "))
			if start > 0 {
				frag = "…" + frag
			}
			if end < len(content) {
				frag += "…"
			}
			out = append(out, frag)
			covered = end
		}
		i = j
	}
	return out
}

func max0(n int) int { return max(n, 0) }

// wordStart moves i back to the start of the word it is in.
func wordStart(s string, i int) int {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !embedhash.IsWordRune(r) {
			break
		}
		i -= n
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !embedhash.IsWordRune(r) {
			break
		}
		i += n
	}
	return i
}
