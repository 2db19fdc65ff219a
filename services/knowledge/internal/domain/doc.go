// Package domain holds the knowledge service's rules that do not depend on
// transport or storage: what a chunk and a source are, how an ingest request
// and a search request are validated (pkg/errs kinds, 422 for bad input),
// how a document becomes embedded chunks (chunking through package chunk,
// embeddings through the Embedder port, in batches), how vectors are
// serialised, and how a search is run against the in-process Index port.
// It imports no gRPC and no Mongo.
package domain
