package store

import (
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// Leases implements the scheduler's tick leases: one insert per (period),
// so that of several replicas one scans per period.
type Leases struct {
	coll *mongo.Collection
}

// NewLeases returns the store on db.
func NewLeases(db *mongo.Database) *Leases { return &Leases{coll: db.Collection(leasesColl)} }

// Claim inserts the lease key; only the first caller gets true.
func (l *Leases) Claim(ctx ctxT, key string) (bool, error) {
	return mongox.Claim(ctx, l.coll, key, nil)
}

// Purge removes leases claimed before `before` (no TTL indexes on
// FerretDB).
func (l *Leases) Purge(ctx ctxT, before time.Time) error {
	if _, err := l.coll.DeleteMany(ctx, bson.M{"claimed_at": bson.M{"$lt": before.UTC()}}); err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return fmt.Errorf("purge scheduler leases: %w", err)
	}
	return nil
}
