package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// Leases implements domain.Leases with the mongox lease (an insert claim,
// exactly one holder on MongoDB and FerretDB alike). An ended lease is
// taken over: its holder died, and the work it guarded (an ingest, a
// re-embed pass) is safe to redo.
type Leases struct{ coll *mongo.Collection }

// NewLeases returns the lease store on db.
func NewLeases(db *mongo.Database) *Leases { return &Leases{coll: db.Collection(leasesColl)} }

var _ domain.Leases = (*Leases)(nil)

// Acquire claims key for owner until ttl from now.
func (l *Leases) Acquire(ctx ctxT, key, owner string, ttl time.Duration) (bool, error) {
	now := time.Now().UTC()
	return mongox.TakeLease(ctx, l.coll, mongox.Lease{Key: key, N: 1, Owner: owner, Until: now.Add(ttl)}, now,
		func(context.Context) (bool, error) { return true, nil })
}

// Release gives key up if owner still holds it.
func (l *Leases) Release(ctx ctxT, key, owner string) error {
	return mongox.ReleaseLease(ctx, l.coll, key, 1, owner)
}
