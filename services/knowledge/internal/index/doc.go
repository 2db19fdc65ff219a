// Package index owns the in-process search index of the knowledge service:
// one independent index per company (so the company filter applies before
// anything is ranked and no company's statistics leak into another's), each
// with a BM25 inverted index over the chunk text, the chunk vectors in one
// flat float32 array scanned exactly for cosine similarity, and hybrid
// ranking by reciprocal-rank fusion of the two. Tag, agent and source filters
// are applied to candidates before they are scored. Upserts and deletes take
// effect for every search that starts after they return; the index is safe
// for concurrent readers and writers (one RWMutex per company). It is built
// from the store at start and kept fresh by the caller (Upsert/Delete);
// Stats reports its memory for accounting.
package index
