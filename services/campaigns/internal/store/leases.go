package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// Leases implements the scheduler's tick leases (mongox.TakeLease): one
// lease per period, so that of several replicas one scans per period.
// Its purge also removes the version claims of campaigns and of content
// plans that ended.
type Leases struct {
	coll, revisions, planRevisions *mongo.Collection
}

// NewLeases returns the store on db.
func NewLeases(db *mongo.Database) *Leases {
	return &Leases{coll: db.Collection(leasesColl), revisions: db.Collection(revisionsColl),
		planRevisions: db.Collection(planRevisionsColl)}
}

// Take leases period n of key until `until`; only the first caller gets
// true. A period's lease is never taken over: the next period is a new
// lease.
func (l *Leases) Take(ctx ctxT, key string, n int64, until time.Time) (bool, error) {
	now := time.Now().UTC()
	return mongox.TakeLease(ctx, l.coll, mongox.Lease{Key: key, N: n, Until: until}, now, nil)
}

// Purge removes leases and the version claims of campaigns and plans that
// ended before `before` (no TTL indexes on FerretDB), each through its
// collection's expires_at index (mongox.ClaimIndexes, migrations 3 and
// 4); a version claim matters only for mongox.StaleClaimAge after it was
// taken.
func (l *Leases) Purge(ctx ctxT, before time.Time) error {
	if _, err := mongox.PurgeClaims(ctx, l.coll, before); err != nil {
		return fmt.Errorf("purge scheduler leases: %w", err)
	}
	if _, err := mongox.PurgeClaims(ctx, l.revisions, before); err != nil {
		return fmt.Errorf("purge campaign version claims: %w", err)
	}
	if _, err := mongox.PurgeClaims(ctx, l.planRevisions, before); err != nil {
		return fmt.Errorf("purge plan version claims: %w", err)
	}
	return nil
}
