package mongox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Migration is one numbered, idempotent change of a service's database
// (indexes, data fixes). Versions start at 1 and never change once shipped.
type Migration struct {
	Version     int
	Description string
	Up          func(ctx context.Context, db *mongo.Database) error
}

const (
	migrationsColl = "_migrations"
	lockKey        = "lock" // the lease "lock#1" in _migrations
	lockLease      = 2 * time.Minute
)

// Migrate applies, in order, the migrations not yet recorded in the
// database's _migrations collection. Several replicas starting at once are
// safe: a lease (TakeLease) lets one of them run the migrations while the
// others wait and then find them recorded.
func Migrate(ctx context.Context, db *mongo.Database, log *slog.Logger, ms []Migration) error {
	for i, m := range ms {
		if m.Version != i+1 {
			return fmt.Errorf("migration %d has version %d: versions must be 1, 2, 3, …", i+1, m.Version)
		}
	}
	coll := db.Collection(migrationsColl)
	owner := randomOwner()
	if err := acquire(ctx, coll, owner); err != nil {
		return err
	}
	defer release(context.WithoutCancel(ctx), coll, owner)

	for _, m := range ms {
		var done bson.M
		err := coll.FindOne(ctx, bson.M{"_id": m.Version}).Decode(&done)
		if err == nil {
			continue
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return fmt.Errorf("read migration %d: %w", m.Version, err)
		}
		start := time.Now()
		if err := m.Up(ctx, db); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Description, err)
		}
		if _, err := coll.InsertOne(ctx, bson.M{"_id": m.Version, "description": m.Description, "applied_at": time.Now().UTC()}); err != nil && !IsDuplicateKey(err) {
			return fmt.Errorf("record migration %d: %w", m.Version, err)
		}
		log.InfoContext(ctx, "migration applied", "db", db.Name(), "version", m.Version, "description", m.Description, "duration_ms", time.Since(start).Milliseconds())
	}
	return nil
}

// acquire takes the migration lease (TakeLease: an insert, atomic on
// MongoDB and FerretDB alike). A lease whose holder died is taken over
// once it has ended; meanwhile the caller waits.
func acquire(ctx context.Context, coll *mongo.Collection, owner string) error {
	deadline := time.Now().Add(3 * lockLease)
	always := func(context.Context) (bool, error) { return true, nil }
	for {
		now := time.Now().UTC()
		won, err := TakeLease(ctx, coll, Lease{Key: lockKey, N: 1, Owner: owner, Until: now.Add(lockLease)}, now, always)
		if err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		if won {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("migration lock: held by another replica for too long")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func release(ctx context.Context, coll *mongo.Collection, owner string) {
	_ = ReleaseLease(ctx, coll, lockKey, 1, owner)
}

func randomOwner() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Steps is one migration made of several steps, run in order; the first
// error stops it.
func Steps(steps ...func(ctx context.Context, db *mongo.Database) error) func(ctx context.Context, db *mongo.Database) error {
	return func(ctx context.Context, db *mongo.Database) error {
		for _, step := range steps {
			if err := step(ctx, db); err != nil {
				return err
			}
		}
		return nil
	}
}

// Indexes returns a migration step that creates the given indexes on coll
// (creating an index that exists is a no-op).
func Indexes(coll string, models ...mongo.IndexModel) func(ctx context.Context, db *mongo.Database) error {
	return func(ctx context.Context, db *mongo.Database) error {
		// The driver writes the index name into each model's options
		// builder; give it copies so that the migration values, shared by
		// every call, stay untouched (and race-free in parallel tests).
		fresh := make([]mongo.IndexModel, len(models))
		for i, m := range models {
			fresh[i] = mongo.IndexModel{Keys: m.Keys}
			if m.Options != nil {
				fresh[i].Options = &options.IndexOptionsBuilder{Opts: slices.Clone(m.Options.Opts)}
			}
		}
		if _, err := db.Collection(coll).Indexes().CreateMany(ctx, fresh); err != nil {
			return fmt.Errorf("create indexes on %s: %w", coll, err)
		}
		return nil
	}
}
