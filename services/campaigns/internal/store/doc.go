// Package store keeps the campaigns service's data in MongoDB (the subset
// FerretDB serves, shared/MONGO_SUBSET.md): campaigns, their history, the
// revision claims that make versioned writes exactly-once, and the
// scheduler's tick leases. Every query of tenant data filters by the
// company given by the domain's Scope; the scheduler's due queries are the
// only cross-company reads.
package store
