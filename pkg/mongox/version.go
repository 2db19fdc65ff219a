package mongox

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// StaleClaimAge is how long a version claim holds: after it, the claim is
// taken for the leftover of a writer that died between claiming and
// updating, and may be taken over.
const StaleClaimAge = 30 * time.Second

// ClaimVersion claims the right to move entity id from version `from` to
// from+1: the lease on slot from+1 of id ("<id>#<from+1>"). Exactly one
// concurrent caller gets true; the others must answer 409. The winner then
// updates the entity with the filter {_id, version: from}. A claim left by
// a writer that died before its update (current(ctx) still reports `from`
// after StaleClaimAge) is taken over.
func ClaimVersion(ctx context.Context, coll *mongo.Collection, id string, from int64, current func(context.Context) (int64, error)) (bool, error) {
	now := time.Now().UTC()
	return TakeLease(ctx, coll, Lease{Key: id, N: from + 1, Until: now.Add(StaleClaimAge)}, now, func(ctx context.Context) (bool, error) {
		v, err := current(ctx)
		return err == nil && v == from, err
	})
}

// Versioned keeps documents with a "version" field (1, 2, …) that only
// moves through version claims: optimistic concurrency that holds on
// MongoDB and on FerretDB alike.
type Versioned struct {
	// Docs holds the documents, Claims their version claims.
	Docs, Claims *mongo.Collection
	// Stale is the error (409) of a write at a version that is not the
	// current one.
	Stale func(current int64) error
}

// PurgeClaims deletes the version claims that ended before `before`
// (PurgeClaims): a claim matters only for StaleClaimAge.
func (v Versioned) PurgeClaims(ctx context.Context, before time.Time) (int64, error) {
	return PurgeClaims(ctx, v.Claims, before)
}

// Update moves the document id (a client-supplied ObjectID hex:
// errs.ErrMalformedID otherwise), found with filter (the caller's scope),
// from version `from` to from+1 by applying update (the version's $inc is
// added), and decodes the new document into out:
//
//  1. the document is read in scope (errs.ErrNotFound outside it; Stale
//     on another version);
//  2. the writer claims the next version (ClaimVersion) — of concurrent
//     writers exactly one insert succeeds, the others get Stale (a claim
//     held by a Settle, which does not move the version, is waited for);
//  3. the winner updates the document with a filter on the old version
//     and reads it back by id (a write may take it out of the scope).
func (v Versioned) Update(ctx context.Context, filter bson.M, hexID string, from int64, update bson.M, out any) error {
	return v.UpdateWith(ctx, filter, hexID, from, func(context.Context) (bson.M, error) { return update, nil }, out)
}

// UpdateWith is Update whose update is built by build only after the
// version claim is won: build runs for one writer of a version at a time,
// in version order, so it may claim something that must follow the
// versions' order (e.g. NextNumber for a numbered history of the entity:
// no loser spends a number).
func (v Versioned) UpdateWith(ctx context.Context, filter bson.M, hexID string, from int64, build func(context.Context) (bson.M, error), out any) error {
	id, err := ParseID(hexID)
	if err != nil {
		return err
	}
	if from < 1 {
		return errors.New("versioned update: the version to change is required")
	}
	f := maps.Clone(filter)
	f["_id"] = id
	var cur struct {
		Version int64 `bson:"version"`
	}
	if err := v.Docs.FindOne(ctx, f).Decode(&cur); err != nil {
		return fmt.Errorf("%s %s: %w", v.Docs.Name(), id.Hex(), NotFound(err))
	}
	if cur.Version != from {
		return v.Stale(cur.Version)
	}
	current := func(ctx context.Context) (int64, error) {
		var d struct {
			Version int64 `bson:"version"`
		}
		if err := v.Docs.FindOne(ctx, bson.M{"_id": id}).Decode(&d); err != nil {
			return 0, fmt.Errorf("reread %s %s: %w", v.Docs.Name(), id.Hex(), err)
		}
		return d.Version, nil
	}
	won, err := claimAfterSettles(ctx, v.Claims, id.Hex(), from+1, func() (bool, error) {
		return ClaimVersion(ctx, v.Claims, id.Hex(), from, current)
	})
	if err != nil {
		return fmt.Errorf("claim version of %s %s: %w", v.Docs.Name(), id.Hex(), err)
	}
	if !won {
		return v.Stale(from + 1)
	}
	update, err := build(ctx)
	if err != nil {
		return err
	}
	upd := maps.Clone(update)
	inc := bson.M{"version": int64(1)}
	if more, ok := update["$inc"].(bson.M); ok {
		maps.Copy(inc, more)
		inc["version"] = int64(1)
	}
	upd["$inc"] = inc
	res, err := v.Docs.UpdateOne(ctx, bson.M{"_id": id, "version": from}, upd)
	if err != nil {
		return fmt.Errorf("update %s %s: %w", v.Docs.Name(), id.Hex(), err)
	}
	if res.MatchedCount == 0 {
		return v.Stale(from + 1)
	}
	if err := v.Docs.FindOne(ctx, bson.M{"_id": id}).Decode(out); err != nil {
		return fmt.Errorf("reread %s %s: %w", v.Docs.Name(), id.Hex(), err)
	}
	return nil
}
