package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// claimRetention is how long after it ended a ticket version claim is
// kept: a claim only matters for mongox.StaleClaimAge, the day is slack.
const claimRetention = 24 * time.Hour

// Retention purges what the service keeps only for a while: notifications
// older than the retention (NOTIFICATION_RETENTION, read or not), through
// the created_at index, and ticket version claims a day after they ended,
// through the claims' expires_at index.
type Retention struct {
	notifications, revisions *mongo.Collection
	keep                     time.Duration
}

// NewRetention keeps notifications for keep.
func NewRetention(db *mongo.Database, keep time.Duration) *Retention {
	return &Retention{notifications: db.Collection(notificationsColl), revisions: db.Collection(revisionsColl), keep: keep}
}

// Purge deletes what has outlived its retention at now and returns how
// many documents went.
func (r *Retention) Purge(ctx ctxT, now time.Time) (int64, error) {
	res, err := r.notifications.DeleteMany(ctx, bson.M{"created_at": bson.M{"$lt": now.Add(-r.keep).UTC()}})
	if err != nil {
		return 0, fmt.Errorf("purge notifications: %w", err)
	}
	n, err := mongox.PurgeClaims(ctx, r.revisions, now.Add(-claimRetention))
	if err != nil {
		return res.DeletedCount, err
	}
	return res.DeletedCount + n, nil
}
