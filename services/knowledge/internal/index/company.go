package index

import (
	"fmt"
	"math"
	"sync"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// company is one company's index. Slots are append-only: a deleted chunk
// leaves a nil slot (skipped by every search at once) until compaction
// rebuilds the arrays without the holes.
type company struct {
	mu       sync.RWMutex
	dims     int
	docs     []*entry    // by slot; nil once deleted
	lens     []uint32    // terms per slot (BM25 length); 0 for deleted slots
	cols     [][]float32 // vectors by dimension: cols[j][slot] (see vector.go)
	byID     map[string]int32
	postings map[string][]posting
	totalLen int64
	live     int
	dead     int
}

// posting says that a term occurs tf times in the chunk at slot.
type posting struct {
	slot int32
	tf   uint32
}

// entry is an analysed chunk; analysis happens before the lock is taken.
type entry struct {
	chunk  domain.Chunk // Vector is nil: the vector lives in company.cols
	vec    []float32    // unit length
	terms  []termFreq   // dropped once the entry is in the postings
	length uint32
}

type termFreq struct {
	term string
	tf   uint32
}

func newEntry(c *domain.Chunk) *entry {
	e := &entry{chunk: *c, vec: normalized(c.Vector)}
	e.chunk.Vector = nil
	counts := map[string]uint32{}
	for _, t := range analyze(c.IndexText()) {
		counts[t]++
		e.length++
	}
	e.terms = make([]termFreq, 0, len(counts))
	for t, n := range counts {
		e.terms = append(e.terms, termFreq{term: t, tf: n})
	}
	return e
}

func newCompany(dims int) *company {
	return &company{dims: dims, cols: make([][]float32, dims), byID: map[string]int32{}, postings: map[string][]posting{}}
}

func (co *company) upsert(entries []*entry) error {
	co.mu.Lock()
	defer co.mu.Unlock()
	for _, e := range entries {
		if len(e.vec) != co.dims {
			return fmt.Errorf("chunk %s has %d dimensions, not %d: %w", e.chunk.ID, len(e.vec), co.dims, ErrDims)
		}
	}
	for _, e := range entries {
		if old, ok := co.byID[e.chunk.ID]; ok {
			co.remove(old)
		}
		slot := int32(len(co.docs))
		co.docs = append(co.docs, e)
		co.lens = append(co.lens, e.length)
		for j, v := range e.vec {
			co.cols[j] = append(co.cols[j], v)
		}
		e.vec = nil
		co.byID[e.chunk.ID] = slot
		for _, tf := range e.terms {
			co.postings[tf.term] = append(co.postings[tf.term], posting{slot: slot, tf: tf.tf})
		}
		e.terms = nil
		co.totalLen += int64(e.length)
		co.live++
	}
	co.maybeCompact()
	return nil
}

// delete removes the slots that collect names, under the write lock.
func (co *company) delete(collect func(add func(int32))) int {
	co.mu.Lock()
	defer co.mu.Unlock()
	var slots []int32
	collect(func(s int32) { slots = append(slots, s) })
	n := 0
	for _, s := range slots {
		if co.docs[s] != nil {
			co.remove(s)
			n++
		}
	}
	co.maybeCompact()
	return n
}

func (co *company) remove(slot int32) {
	e := co.docs[slot]
	co.docs[slot] = nil
	co.lens[slot] = 0
	delete(co.byID, e.chunk.ID)
	co.totalLen -= int64(e.length)
	co.live--
	co.dead++
}

// maybeCompact rebuilds the arrays once holes are a fifth of the slots, so
// memory and the document frequencies (which count holes until then) stay
// close to the live chunks. Its cost, linear in the postings, is amortised
// over the deletes that made the holes.
func (co *company) maybeCompact() {
	if co.dead < 64 || co.dead*4 < co.live {
		return
	}
	remap := make([]int32, len(co.docs))
	docs := make([]*entry, 0, co.live)
	lens := make([]uint32, 0, co.live)
	cols := make([][]float32, co.dims)
	for j := range cols {
		cols[j] = make([]float32, 0, co.live)
	}
	for slot, e := range co.docs {
		if e == nil {
			remap[slot] = -1
			continue
		}
		remap[slot] = int32(len(docs))
		co.byID[e.chunk.ID] = int32(len(docs))
		docs = append(docs, e)
		lens = append(lens, co.lens[slot])
		for j := range cols {
			cols[j] = append(cols[j], co.cols[j][slot])
		}
	}
	for term, list := range co.postings {
		kept := make([]posting, 0, len(list))
		for _, p := range list {
			if s := remap[p.slot]; s >= 0 {
				kept = append(kept, posting{slot: s, tf: p.tf})
			}
		}
		if len(kept) == 0 {
			delete(co.postings, term)
		} else {
			co.postings[term] = kept
		}
	}
	co.docs, co.lens, co.cols, co.dead = docs, lens, cols, 0
}

// Per-element overheads used by stats (64-bit Go runtime).
const (
	stringHeader = 16
	sliceHeader  = 24
	mapEntry     = 48  // bucket share of a map[string]X entry beyond key and value
	entryFixed   = 352 // entry and its domain.Chunk, rounded to the allocator's size class
)

func (co *company) stats() CompanyStats {
	co.mu.RLock()
	defer co.mu.RUnlock()
	b := int64(cap(co.docs))*8 + int64(cap(co.lens))*4
	for _, col := range co.cols {
		b += sliceHeader + int64(cap(col))*4
	}
	for _, e := range co.docs {
		if e == nil {
			continue
		}
		c := &e.chunk
		b += entryFixed + int64(len(c.ID)+len(c.CompanyID)+len(c.SourceID)+len(c.Title)+len(c.Content)+len(c.EmbeddingModel)+len(c.Generation))
		for _, list := range [][]string{c.HeadingPath, c.Tags, c.AgentIDs} {
			for _, s := range list {
				b += stringHeader + int64(len(s))
			}
		}
		b += mapEntry + stringHeader + 4 // byID
	}
	for term, list := range co.postings {
		b += mapEntry + stringHeader + int64(len(term)) + sliceHeader + int64(cap(list))*8
	}
	return CompanyStats{Chunks: co.live, Bytes: b}
}

func normalized(v []float32) []float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	out := make([]float32, len(v))
	if s == 0 {
		return out
	}
	inv := 1 / math.Sqrt(s)
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out
}
