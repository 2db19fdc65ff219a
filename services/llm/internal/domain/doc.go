// Package domain is the LLM service's use cases: validate a completion or
// embedding request against the configured caps and allowlist, admit it
// against the company's budget and rate limit (before any provider is
// called), route it to providers with a bounded retry budget, failover and
// circuit breakers, and record usage and cost. It imports no gRPC, no Mongo
// and no SDK; it declares the Store it needs (store.go) and uses providers
// through llm.Provider.
package domain
