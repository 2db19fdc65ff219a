package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

// LoginThrottle implements domain.ThrottleStore.
type LoginThrottle struct{ coll *mongo.Collection }

// NewLoginThrottle returns the store on db.
func NewLoginThrottle(db *mongo.Database) *LoginThrottle {
	return &LoginThrottle{coll: db.Collection(throttleColl)}
}

var _ domain.ThrottleStore = (*LoginThrottle)(nil)

type throttleDoc struct {
	ID          string    `bson:"_id"`
	Failures    int       `bson:"failures"`
	WindowStart time.Time `bson:"window_start"`
	LockedUntil time.Time `bson:"locked_until,omitempty"`
}

func (d throttleDoc) domain() domain.Throttle {
	return domain.Throttle{Failures: d.Failures, WindowStart: d.WindowStart, LockedUntil: d.LockedUntil}
}

// Get reads the record of key; a missing record is the zero Throttle.
func (s *LoginThrottle) Get(ctx context.Context, key string) (domain.Throttle, error) {
	var d throttleDoc
	err := s.coll.FindOne(ctx, bson.M{"_id": key}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return domain.Throttle{}, nil
	}
	if err != nil {
		return domain.Throttle{}, fmt.Errorf("find login throttle: %w", err)
	}
	return d.domain(), nil
}

// AddFailure counts one failure with single-document updates only:
//  1. inside a live window (window_start > windowFloor): $inc failures;
//  2. otherwise restart the window with an upsert whose filter matches only
//     a missing record or a stale window. When a concurrent request has just
//     restarted it, the upsert's insert collides on _id, and the loop goes
//     back to step 1.
func (s *LoginThrottle) AddFailure(ctx context.Context, key string, now, windowFloor time.Time) (domain.Throttle, error) {
	now, windowFloor = now.UTC(), windowFloor.UTC()
	after := options.FindOneAndUpdate().SetReturnDocument(options.After)
	var lastErr error
	for range 4 {
		var d throttleDoc
		err := s.coll.FindOneAndUpdate(ctx,
			bson.M{"_id": key, "window_start": bson.M{"$gt": windowFloor}},
			bson.M{"$inc": bson.M{"failures": 1}}, after,
		).Decode(&d)
		if err == nil {
			return d.domain(), nil
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return domain.Throttle{}, fmt.Errorf("count login failure: %w", err)
		}
		err = s.coll.FindOneAndUpdate(ctx,
			bson.M{"_id": key, "window_start": bson.M{"$lte": windowFloor}},
			bson.M{"$set": bson.M{"failures": 1, "window_start": now}},
			options.FindOneAndUpdate().SetReturnDocument(options.After).SetUpsert(true),
		).Decode(&d)
		if err == nil {
			return d.domain(), nil
		}
		if ctx.Err() != nil {
			return domain.Throttle{}, fmt.Errorf("start login failure window: %w", err)
		}
		// Most likely the duplicate _id of a concurrent restart (reported
		// as 11000 by MongoDB, possibly otherwise by FerretDB): retry.
		lastErr = err
	}
	return domain.Throttle{}, fmt.Errorf("start login failure window: %w", lastErr)
}

// Lock locks key until the given time ($max: a later lock is never
// shortened by a concurrent one).
func (s *LoginThrottle) Lock(ctx context.Context, key string, until time.Time) error {
	if _, err := s.coll.UpdateOne(ctx, bson.M{"_id": key}, bson.M{"$max": bson.M{"locked_until": until.UTC()}}); err != nil {
		return fmt.Errorf("lock login: %w", err)
	}
	return nil
}

// Reset forgets the failures of key.
func (s *LoginThrottle) Reset(ctx context.Context, key string) error {
	if _, err := s.coll.DeleteOne(ctx, bson.M{"_id": key}); err != nil {
		return fmt.Errorf("reset login throttle: %w", err)
	}
	return nil
}

// Purge deletes the records whose window started before floor.
func (s *LoginThrottle) Purge(ctx context.Context, floor time.Time) (int64, error) {
	res, err := s.coll.DeleteMany(ctx, bson.M{"window_start": bson.M{"$lt": floor.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("purge login throttle: %w", err)
	}
	return res.DeletedCount, nil
}
