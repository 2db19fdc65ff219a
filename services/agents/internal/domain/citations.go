package domain

import (
	"regexp"
	"slices"
	"strconv"
)

// citeRef finds [1], [2, 3] and [1][4] in an answer.
var citeRef = regexp.MustCompile(`\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]`)
var citeNum = regexp.MustCompile(`\d{1,3}`)

// Citations are the chunks the answer cites by number, in number order;
// numbers outside 1..len(chunks) are ignored.
func Citations(answer string, chunks []Chunk) []Citation {
	var seen []int
	for _, m := range citeRef.FindAllStringSubmatch(answer, -1) {
		for _, num := range citeNum.FindAllString(m[1], -1) {
			n, _ := strconv.Atoi(num)
			if n >= 1 && n <= len(chunks) && !slices.Contains(seen, n) {
				seen = append(seen, n)
			}
		}
	}
	slices.Sort(seen)
	out := make([]Citation, 0, len(seen))
	for _, n := range seen {
		c := chunks[n-1]
		out = append(out, Citation{N: n, ChunkID: c.ID, Source: c.Source, Score: c.Score})
	}
	return out
}
