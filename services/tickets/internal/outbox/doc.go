// Package outbox delivers webhook events from the outbox collection. A
// worker claims one due event at a time with an atomic findOneAndUpdate
// that sets a lease (locked_until), so several replicas never send the
// same event at once; a worker that dies leaves a lease that expires and
// the event is taken again (at-least-once). Failures are retried with
// exponential backoff and jitter up to MaxAttempts. Each delivery is a
// JSON POST signed with HMAC-SHA256 over "<timestamp>.<body>" (sign.go).
package outbox
