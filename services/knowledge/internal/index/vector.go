package index

// Vectors are stored by dimension (cols[j][slot]) rather than by chunk, so
// that a search multiplies only the query's non-zero dimensions:
//
//	score[slot] = Σ_j q[j] · cols[j][slot]   over j with q[j] ≠ 0
//
// That is the exact cosine (all vectors are unit length), never an
// approximation. For a dense query it costs the same as a row-by-row scan
// (chunks × dims multiply-adds, sequential memory); for a sparse query —
// the offline embedder's are, with a few non-zero dimensions per query word
// — it costs chunks × non-zero dimensions.

// vector returns the k slots most similar to q by cosine among those allow
// admits (nil admits every live slot). Chunks with a similarity of 0 or less
// are unrelated to the query and never ranked.
func (co *company) vector(q []float32, allow []bool, k int) []scored {
	if co.live == 0 || len(q) != co.dims {
		return nil
	}
	q = normalized(q)
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	n := len(co.docs)
	if cap(sc.scores) < n {
		sc.scores = make([]float32, n)
	}
	acc := sc.scores[:n]
	clear(acc)
	for j, qj := range q {
		if qj != 0 {
			axpy(acc, co.cols[j], qj)
		}
	}
	top := newTopK(k)
	for slot, s := range acc {
		if s <= 0 || co.docs[slot] == nil || (allow != nil && !allow[slot]) {
			continue
		}
		top.push(int32(slot), s)
	}
	clear(acc) // the keyword ranking expects a zeroed buffer
	return top.sorted()
}

// axpy adds a·x to y, unrolled by four (Go does not vectorise loops).
func axpy(y, x []float32, a float32) {
	x = x[:len(y)]
	i := 0
	for ; i+4 <= len(y); i += 4 {
		y[i] += a * x[i]
		y[i+1] += a * x[i+1]
		y[i+2] += a * x[i+2]
		y[i+3] += a * x[i+3]
	}
	for ; i < len(y); i++ {
		y[i] += a * x[i]
	}
}
