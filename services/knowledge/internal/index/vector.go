package index

// vector returns the k slots most similar to q (unit length) by cosine,
// scanning every live slot that allow admits: exact, no approximation.
func (co *company) vector(q []float32, allow []bool, k int) []scored {
	if co.live == 0 || len(q) != co.dims {
		return nil
	}
	q = normalized(q)
	top := newTopK(k)
	d := co.dims
	for slot := range co.docs {
		if co.docs[slot] == nil || (allow != nil && !allow[slot]) {
			continue
		}
		top.push(int32(slot), dot(q, co.vecs[slot*d:slot*d+d]))
	}
	return top.sorted()
}

// dot is the inner product, unrolled by four for instruction-level
// parallelism (Go does not vectorise loops itself).
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}
