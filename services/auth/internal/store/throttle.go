package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

// LoginThrottle implements domain.ThrottleStore.
type LoginThrottle struct{ coll, failures *mongo.Collection }

// NewLoginThrottle returns the store on db.
func NewLoginThrottle(db *mongo.Database) *LoginThrottle {
	return &LoginThrottle{coll: db.Collection(throttleColl), failures: db.Collection(failuresColl)}
}

var _ domain.ThrottleStore = (*LoginThrottle)(nil)

// Failed logins are counted by inserting one document per failure into
// login_failures and counting the key's failures inside the window. An
// insert is atomic on MongoDB and FerretDB alike (FerretDB runs $inc as
// read-then-write and would lose concurrent failures), and the last of any
// number of concurrent failures counts every one of them, so a burst of
// parallel guesses locks the account exactly at the limit. The lock itself
// is a login_throttle document {_id: key, locked_until}.

type lockDoc struct {
	ID          string    `bson:"_id"`
	LockedUntil time.Time `bson:"locked_until"`
}

// Get reads the lock of key; a missing record is the zero Throttle.
func (s *LoginThrottle) Get(ctx context.Context, key string) (domain.Throttle, error) {
	var d lockDoc
	err := s.coll.FindOne(ctx, bson.M{"_id": key}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return domain.Throttle{}, nil
	}
	if err != nil {
		return domain.Throttle{}, fmt.Errorf("find login throttle: %w", err)
	}
	return domain.Throttle{LockedUntil: d.LockedUntil}, nil
}

// AddFailure records one failure at now and returns the number of failures
// of key after windowFloor, this one included.
func (s *LoginThrottle) AddFailure(ctx context.Context, key string, now, windowFloor time.Time) (domain.Throttle, error) {
	now, windowFloor = now.UTC(), windowFloor.UTC()
	if _, err := s.failures.InsertOne(ctx, bson.M{"key": key, "at": now}); err != nil {
		return domain.Throttle{}, fmt.Errorf("record login failure: %w", err)
	}
	n, err := s.failures.CountDocuments(ctx, bson.M{"key": key, "at": bson.M{"$gt": windowFloor}})
	if err != nil {
		return domain.Throttle{}, fmt.Errorf("count login failures: %w", err)
	}
	return domain.Throttle{Failures: int(n)}, nil
}

// Lock locks key until the given time. A concurrent lock may win the race
// to create the record; both name nearly the same time, and the longer one
// is kept when the record exists ($max).
func (s *LoginThrottle) Lock(ctx context.Context, key string, until time.Time) error {
	_, err := s.coll.UpdateOne(ctx, bson.M{"_id": key}, bson.M{"$max": bson.M{"locked_until": until.UTC()}},
		options.UpdateOne().SetUpsert(true))
	if err != nil && mongox.IsDuplicateKey(err) {
		_, err = s.coll.UpdateOne(ctx, bson.M{"_id": key}, bson.M{"$max": bson.M{"locked_until": until.UTC()}})
	}
	if err != nil {
		return fmt.Errorf("lock login: %w", err)
	}
	return nil
}

// Reset forgets the failures and the lock of key.
func (s *LoginThrottle) Reset(ctx context.Context, key string) error {
	if _, err := s.failures.DeleteMany(ctx, bson.M{"key": key}); err != nil {
		return fmt.Errorf("reset login failures: %w", err)
	}
	if _, err := s.coll.DeleteOne(ctx, bson.M{"_id": key}); err != nil {
		return fmt.Errorf("reset login throttle: %w", err)
	}
	return nil
}

// Purge deletes failures older than floor and locks that ended before it.
func (s *LoginThrottle) Purge(ctx context.Context, floor time.Time) (int64, error) {
	f, err := s.failures.DeleteMany(ctx, bson.M{"at": bson.M{"$lt": floor.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("purge login failures: %w", err)
	}
	l, err := s.coll.DeleteMany(ctx, bson.M{"locked_until": bson.M{"$lt": floor.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("purge login throttle: %w", err)
	}
	return f.DeletedCount + l.DeletedCount, nil
}
