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
// the created_at index, and ticket version claims and publish claims a day
// after they ended, through each claim collection's expires_at index
// (migrations 5 and 10).
type Retention struct {
	notifications, revisions, publishClaims *mongo.Collection
	keep                                    time.Duration
}

// NewRetention keeps notifications for keep.
func NewRetention(db *mongo.Database, keep time.Duration) *Retention {
	return &Retention{notifications: db.Collection(notificationsColl), revisions: db.Collection(revisionsColl),
		publishClaims: db.Collection(publishClaimsColl), keep: keep}
}

// Purge deletes what has outlived its retention at now and returns how
// many documents went.
func (r *Retention) Purge(ctx ctxT, now time.Time) (int64, error) {
	res, err := r.notifications.DeleteMany(ctx, bson.M{"created_at": bson.M{"$lt": now.Add(-r.keep).UTC()}})
	if err != nil {
		return 0, fmt.Errorf("purge notifications: %w", err)
	}
	n := res.DeletedCount
	for _, c := range []*mongo.Collection{r.revisions, r.publishClaims} {
		gone, err := mongox.PurgeClaims(ctx, c, now.Add(-claimRetention))
		n += gone
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
