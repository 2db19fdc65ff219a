package index

import (
	"slices"
	"sort"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// Highlight size: fragments per hit and bytes per fragment.
const (
	maxHighlights  = 3
	highlightWidth = 160
)

func (co *company) search(q domain.IndexQuery, o Options) []domain.IndexHit {
	co.mu.RLock()
	defer co.mu.RUnlock()
	allow := co.filter(q.Filter)
	terms := queryTerms(q.Text)
	var ranked []scored
	switch q.Mode {
	case domain.ModeKeyword:
		ranked = co.keyword(terms, allow, q.K)
	case domain.ModeVector:
		ranked = co.vector(q.Vector, allow, q.K)
	default:
		depth := max(o.Depth, q.K)
		ranked = fuse(o.RRFK, q.K, weighted{co.keyword(terms, allow, depth), 1}, weighted{co.vector(q.Vector, allow, depth), o.VectorWeight})
	}
	hits := make([]domain.IndexHit, len(ranked))
	for i, s := range ranked {
		c := co.docs[s.slot].chunk
		// the index keeps its own slices: a caller that edits a hit must not
		// edit the index
		c.HeadingPath, c.Tags, c.AgentIDs = slices.Clone(c.HeadingPath), slices.Clone(c.Tags), slices.Clone(c.AgentIDs)
		hits[i] = domain.IndexHit{Chunk: c, Score: float64(s.score), Highlights: highlights(c.Content, terms, maxHighlights, highlightWidth)}
	}
	return hits
}

// filter returns which slots pass the filters (nil when nothing filters),
// computed before any ranking so that filtered-out chunks never take a
// place in a top-k.
func (co *company) filter(f domain.SearchFilter) []bool {
	if len(f.Tags) == 0 && f.AgentID == "" && len(f.SourceIDs) == 0 {
		return nil
	}
	allow := make([]bool, len(co.docs))
	for slot, e := range co.docs {
		if e == nil {
			continue
		}
		c := &e.chunk
		allow[slot] = (len(f.SourceIDs) == 0 || slices.Contains(f.SourceIDs, c.SourceID)) &&
			(f.AgentID == "" || len(c.AgentIDs) == 0 || slices.Contains(c.AgentIDs, f.AgentID)) &&
			(len(f.Tags) == 0 || slices.ContainsFunc(f.Tags, func(t string) bool { return slices.Contains(c.Tags, t) }))
	}
	return allow
}

// weighted is a ranking and its weight in the fusion.
type weighted struct {
	ranking []scored
	weight  float64
}

// fuse merges rankings by weighted reciprocal rank: score = Σ weight/(rrfK
// + rank), rank from 1. A chunk found by several rankings gets every share.
// Ties go to the lower slot.
func fuse(rrfK, k int, rankings ...weighted) []scored {
	acc := map[int32]float32{}
	for _, r := range rankings {
		for i, s := range r.ranking {
			acc[s.slot] += float32(r.weight / float64(rrfK+i+1))
		}
	}
	out := make([]scored, 0, len(acc))
	for slot, score := range acc {
		out = append(out, scored{slot, score})
	}
	sort.Slice(out, func(i, j int) bool { return worse(out[j], out[i]) })
	return out[:min(k, len(out))]
}
