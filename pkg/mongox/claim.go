package mongox

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// Exactly-once building blocks.
//
// MongoDB applies a conditional update ({_id, version: v} → $inc version)
// atomically, but FerretDB 1.24 runs update, findAndModify and delete as a
// read followed by a write without isolation. Measured here: 12 concurrent
// version-guarded updates of one document all "won" in some rounds, and 20
// concurrent $inc left a counter at 1 or 2. An insert whose _id (or unique
// index key) already exists, on the other hand, is refused atomically by
// both. So every "exactly one wins" invariant in Copydesk is an insert of
// a claim, in one format, through one of three primitives:
//
//   - Claim / NextNumber (sequence.go): a numbered slot of a key, never
//     released (ticket numbers, per-minute request slots);
//   - TakeLease (lease.go): a slot held until a time, which a later caller
//     may take over once it has ended (outbox deliveries, scheduler ticks,
//     the migration lock);
//   - ClaimVersion (version.go): the lease on an entity's next version,
//     behind every optimistic-concurrency write (Versioned.Update).
//
// A claim document is {_id: "<key>#<n>", key, n, claimed_at} plus, for a
// lease, expires_at and owner.

// ClaimID is the _id of the claim of slot n of key: "<key>#<n>". It is the
// one claim id format of the codebase.
func ClaimID(key string, n int64) string { return key + "#" + strconv.FormatInt(n, 10) }

// claimDoc is the stored form of every claim.
type claimDoc struct {
	ID        string     `bson:"_id"`
	Key       string     `bson:"key"`
	N         int64      `bson:"n"`
	ClaimedAt time.Time  `bson:"claimed_at"`
	ExpiresAt *time.Time `bson:"expires_at,omitempty"`
	Owner     string     `bson:"owner,omitempty"`
}

// insertClaim inserts d and reports whether this caller was the first.
func insertClaim(ctx context.Context, coll *mongo.Collection, d claimDoc) (bool, error) {
	if _, err := coll.InsertOne(ctx, d); err != nil {
		if IsDuplicateKey(err) {
			return false, nil
		}
		return false, fmt.Errorf("claim %s: %w", d.ID, err)
	}
	return true, nil
}

// Claim takes slot n of key for good and reports whether this caller was
// the first to take it.
func Claim(ctx context.Context, coll *mongo.Collection, key string, n int64) (bool, error) {
	return insertClaim(ctx, coll, claimDoc{ID: ClaimID(key, n), Key: key, N: n, ClaimedAt: time.Now().UTC()})
}

// heldClaim reads the claim with the given _id; ok is false when there is
// none (released or purged meanwhile).
func heldClaim(ctx context.Context, coll *mongo.Collection, id string) (claimDoc, bool, error) {
	var d claimDoc
	err := coll.FindOne(ctx, bson.M{"_id": id}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return d, false, nil
	}
	if err != nil {
		return d, false, fmt.Errorf("read claim %s: %w", id, err)
	}
	return d, true, nil
}

// PurgeClaims deletes the leases of coll that ended before `before` (no
// TTL indexes on FerretDB). Claims without an end are kept.
func PurgeClaims(ctx context.Context, coll *mongo.Collection, before time.Time) (int64, error) {
	res, err := coll.DeleteMany(ctx, bson.M{"expires_at": bson.M{"$lt": before.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("purge %s: %w", coll.Name(), err)
	}
	return res.DeletedCount, nil
}

// ClaimIndexes are the indexes of a claim collection: the sequence index
// NextNumber needs and the one PurgeClaims needs.
func ClaimIndexes() []mongo.IndexModel {
	return []mongo.IndexModel{SequenceIndex(), Index("expires_at")}
}
