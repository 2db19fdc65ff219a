// Package store keeps the tickets service's data in MongoDB (the subset of
// shared/MONGO_SUBSET.md, so FerretDB serves it too): tickets with their
// follower arrays of user ids, per-company counters, comments, history,
// notifications, webhooks and the webhook outbox, each in its own
// collection. Every method on tenant data takes the scope or company id
// and filters by it; deleted tickets are never returned.
package store
