package mongox

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// Lease is slot N of Key held by Owner until Until. N is the term the
// lease is for: a delivery attempt, a scheduler period, an entity version.
type Lease struct {
	Key   string
	N     int64
	Owner string
	Until time.Time
}

// TakeLease claims slot l.N of l.Key for l.Owner until l.Until; of
// concurrent callers for one slot at most one gets true.
//
// A slot held by a lease that ended before now may be taken over when
// takeOver (nil: never) agrees, e.g. after checking that the work of the
// dead holder never landed. The callers that would take it over race for
// one more insert, a claim on the ended lease itself
// ("<key>#<n>/takeover#<its end in unix ms>"), and only the winner deletes
// the ended lease and inserts its own. Nothing here lets a conditional
// delete decide: FerretDB reads, then deletes by _id, so two takers each
// deleting "the lease that ended at T" could remove each other's new one.
func TakeLease(ctx context.Context, coll *mongo.Collection, l Lease, now time.Time, takeOver func(context.Context) (bool, error)) (bool, error) {
	until := l.Until.UTC()
	mine := claimDoc{ID: ClaimID(l.Key, l.N), Key: l.Key, N: l.N, ClaimedAt: now.UTC(), ExpiresAt: &until, Owner: l.Owner}
	won, err := insertClaim(ctx, coll, mine)
	if err != nil || won {
		return won, err
	}
	held, ok, err := heldClaim(ctx, coll, mine.ID)
	switch {
	case err != nil:
		return false, err
	case !ok: // released or purged meanwhile: one more insert decides
		return insertClaim(ctx, coll, mine)
	case held.ExpiresAt == nil || held.ExpiresAt.After(now) || takeOver == nil:
		return false, nil
	}
	if ok, err := takeOver(ctx); err != nil || !ok {
		return false, err
	}
	ended := *held.ExpiresAt
	marker := claimDoc{Key: mine.ID + "/takeover", N: ended.UnixMilli(), ClaimedAt: now.UTC(), ExpiresAt: &until}
	marker.ID = ClaimID(marker.Key, marker.N)
	if won, err := insertClaim(ctx, coll, marker); err != nil || !won {
		return false, err
	}
	if _, err := coll.DeleteOne(ctx, bson.M{"_id": mine.ID, "expires_at": ended}); err != nil {
		return false, fmt.Errorf("take over %s: %w", mine.ID, err)
	}
	return insertClaim(ctx, coll, mine)
}

// ReleaseLease ends owner's lease on slot n of key before its time.
func ReleaseLease(ctx context.Context, coll *mongo.Collection, key string, n int64, owner string) error {
	if _, err := coll.DeleteOne(ctx, bson.M{"_id": ClaimID(key, n), "owner": owner}); err != nil {
		return fmt.Errorf("release %s: %w", ClaimID(key, n), err)
	}
	return nil
}
