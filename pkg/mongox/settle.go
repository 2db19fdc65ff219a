package mongox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Settle changes the document id at version `at` WITHOUT moving its
// version: bookkeeping that is no change a client sees (pending events
// added to it or cleared from it). FerretDB applies an update as
// read-then-write of the whole document, so a plain update racing a
// versioned writer could write back the old document over that writer's
// change; Settle therefore holds the claim of slot at+1 (the one every
// versioned writer of `at` needs) while it works, and releases it after:
//
//  1. the claim of slot at+1 is taken (a lease, as ClaimVersion's; one
//     held by a writer makes Settle Stale, one held by another Settle is
//     waited for);
//  2. the document is read in filter's scope at version `at` (not found:
//     errs.ErrNotFound; at another version: Stale), and build, given it
//     (it is nobody else's now), returns the update, or nil for none;
//  3. the document is updated with a filter on version `at`, read back
//     into out (when not nil: one read less), and the claim is released.
//
// A versioned writer (Update) that meets the claim of a Settle waits for
// its release (milliseconds) rather than answer Stale; a Settle that dies
// holding the claim delays writers by StaleClaimAge at most.
func (v Versioned) Settle(ctx context.Context, filter bson.M, hexID string, at int64, build func(ctx context.Context, cur bson.Raw) (bson.M, error), out any) error {
	id, err := ParseID(hexID)
	if err != nil {
		return err
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	owner := settleOwner + hex.EncodeToString(b[:])
	won, err := claimAfterSettles(ctx, v.Claims, id.Hex(), at+1, func() (bool, error) {
		now := time.Now().UTC()
		return TakeLease(ctx, v.Claims, Lease{Key: id.Hex(), N: at + 1, Owner: owner, Until: now.Add(StaleClaimAge)}, now, nil)
	})
	if err != nil {
		return fmt.Errorf("claim version of %s %s: %w", v.Docs.Name(), id.Hex(), err)
	}
	if !won {
		return v.Stale(at + 1)
	}
	defer func() {
		// Released even when the caller's context ended: a claim left
		// behind would hold writers off for StaleClaimAge.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = ReleaseLease(rctx, v.Claims, id.Hex(), at+1, owner)
	}()
	f := maps.Clone(filter)
	f["_id"] = id
	f["version"] = at
	raw, err := v.Docs.FindOne(ctx, f).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return v.notAt(ctx, filter, id)
	}
	if err != nil {
		return fmt.Errorf("read %s %s: %w", v.Docs.Name(), id.Hex(), err)
	}
	update, err := build(ctx, raw)
	if err != nil {
		return err
	}
	if update != nil {
		res, err := v.Docs.UpdateOne(ctx, bson.M{"_id": id, "version": at}, update)
		if err != nil {
			return fmt.Errorf("update %s %s: %w", v.Docs.Name(), id.Hex(), err)
		}
		if res.MatchedCount == 0 {
			return v.Stale(at + 1)
		}
	}
	if out == nil {
		return nil
	}
	if err := v.Docs.FindOne(ctx, bson.M{"_id": id}).Decode(out); err != nil {
		return fmt.Errorf("reread %s %s: %w", v.Docs.Name(), id.Hex(), err)
	}
	return nil
}

// notAt is the error of a Settle whose document is not at its version:
// not found (in filter's scope), or Stale with the current version.
func (v Versioned) notAt(ctx context.Context, filter bson.M, id bson.ObjectID) error {
	f := maps.Clone(filter)
	f["_id"] = id
	var cur struct {
		Version int64 `bson:"version"`
	}
	if err := v.Docs.FindOne(ctx, f).Decode(&cur); err != nil {
		return fmt.Errorf("%s %s: %w", v.Docs.Name(), id.Hex(), NotFound(err))
	}
	return v.Stale(cur.Version)
}

// settleOwner prefixes the owner of a claim that a Settle holds.
const settleOwner = "settle:"

// A claim held by a Settle is released within milliseconds, so whoever
// needs it waits (up to settleWaits pauses of settlePause) instead of
// answering 409 for a write nobody else made.
const (
	settleWaits = 200
	settlePause = 2 * time.Millisecond
)

// claimAfterSettles runs take (a claim of slot n of key) and, while the
// slot is held by a Settle, waits and takes it again.
func claimAfterSettles(ctx context.Context, claims *mongo.Collection, key string, n int64, take func() (bool, error)) (bool, error) {
	for i := 0; ; i++ {
		won, err := take()
		if err != nil || won || i >= settleWaits {
			return won, err
		}
		held, ok, err := heldClaim(ctx, claims, ClaimID(key, n))
		switch {
		case err != nil:
			return false, err
		case !ok:
			continue // released meanwhile
		case !strings.HasPrefix(held.Owner, settleOwner):
			return false, nil // a writer's
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(settlePause):
		}
	}
}

// InsertNew inserts docs whose _id says what they are (derived from an
// event id, say), so that a retry inserts nothing twice: a document whose
// _id is already stored counts as done. Unordered, so one duplicate does
// not stop the others.
func InsertNew(ctx context.Context, coll *mongo.Collection, docs []any) error {
	if len(docs) == 0 {
		return nil
	}
	_, err := coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) && bwe.WriteConcernError == nil && len(bwe.WriteErrors) > 0 {
		for _, we := range bwe.WriteErrors {
			if we.Code != 11000 {
				return fmt.Errorf("insert %s: %w", coll.Name(), err)
			}
		}
		return nil
	}
	if err != nil && !IsDuplicateKey(err) {
		return fmt.Errorf("insert %s: %w", coll.Name(), err)
	}
	return nil
}
