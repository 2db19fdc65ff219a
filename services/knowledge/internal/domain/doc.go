// Package domain is the knowledge service's use cases: ingesting documents
// into chunks, editing chunks, and searching a company's knowledge. It
// decides who may do what (ARCHITECTURE §3), validates input and keeps the
// in-process search index in step with the store. It imports neither gRPC
// nor Mongo: the store, the embedder and the index are interfaces declared
// in ports.go.
package domain
