// Package domain holds the rules of the tickets service: who may see and
// change a ticket, the workflow of ARCHITECTURE §4, optimistic
// concurrency, per-company numbering, followers, comments, history,
// notifications and the webhook events that go into the outbox. It imports
// no gRPC and no Mongo; it declares the store interfaces it needs
// (ports.go) and returns pkg/errs kinds.
package domain
