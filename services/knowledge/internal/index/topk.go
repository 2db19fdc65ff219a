package index

import "sort"

// scored is a slot with its score.
type scored struct {
	slot  int32
	score float32
}

// topK keeps the k best scores in a min-heap. Ties go to the lower slot
// (the earlier-indexed chunk), so rankings are deterministic.
type topK struct {
	k int
	h []scored
}

func newTopK(k int) *topK { return &topK{k: k, h: make([]scored, 0, k)} }

func worse(a, b scored) bool { return a.score < b.score || (a.score == b.score && a.slot > b.slot) }

func (t *topK) push(slot int32, score float32) {
	s := scored{slot, score}
	if len(t.h) < t.k {
		t.h = append(t.h, s)
		t.up(len(t.h) - 1)
		return
	}
	if t.k == 0 || !worse(t.h[0], s) {
		return
	}
	t.h[0] = s
	t.down(0)
}

func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !worse(t.h[i], t.h[p]) {
			return
		}
		t.h[i], t.h[p] = t.h[p], t.h[i]
		i = p
	}
}

func (t *topK) down(i int) {
	for {
		l, m := 2*i+1, i
		if l < len(t.h) && worse(t.h[l], t.h[m]) {
			m = l
		}
		if r := l + 1; r < len(t.h) && worse(t.h[r], t.h[m]) {
			m = r
		}
		if m == i {
			return
		}
		t.h[i], t.h[m] = t.h[m], t.h[i]
		i = m
	}
}

// sorted returns the kept scores, best first.
func (t *topK) sorted() []scored {
	out := t.h
	sort.Slice(out, func(i, j int) bool { return worse(out[j], out[i]) })
	return out
}
