// Package store keeps the auth service's data in MongoDB (its own database,
// default copydesk_auth), within the subset of shared/MONGO_SUBSET.md:
//
//   - refresh_tokens {_id: sha256 hex of the token, family_id, user_id,
//     company_id, created_at, expires_at, rotated_at, revoked_at}; the token
//     itself is never stored. Indexes on family_id, user_id and expires_at.
//     Expired tokens are deleted by a periodic purge (no TTL indexes on
//     FerretDB).
//   - refresh_claims {_id: hash of a spent token, family_id, rotated_at,
//     expires_at}: the atomic step of a rotation (see Rotate).
//   - revoked_families {_id: family_id, revoked_at, expires_at}: a family's
//     revocation, written before its tokens are revoked.
//   - login_failures {key: lowercased username, at}: one document per failed
//     login, counted in a sliding window. Indexes (key, at) and at.
//   - login_throttle {_id: lowercased username, locked_until}: the lock.
//
// No transactions: every atomic step is a single-document write, so several
// auth replicas can share the database. Where exactly-once matters (a
// refresh token is spent once; a family revocation is never lost) the step
// is a unique insert, because FerretDB 1.24 runs findAndModify and update as
// read-then-write: two concurrent conditional updates can both succeed
// there. For the same reason failed logins are inserts that are counted, not
// a $inc counter.
package store
