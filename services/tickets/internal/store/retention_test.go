package store_test

import (
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
)

// TestRetentionPurge: a notification older than the retention goes, read
// or not, a newer one stays; a version claim goes a day after it ended.
func TestRetentionPurge(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db, store.Migrations)
	now := time.Now().UTC()
	notes := store.NewNotifications(db)
	mk := func(age time.Duration, read bool) domain.Notification {
		return domain.Notification{CompanyID: "a", UserID: "u", TicketID: "t", Type: "assigned", Read: read, CreatedAt: now.Add(-age)}
	}
	if err := notes.InsertNotifications(t.Context(), []domain.Notification{mk(40*24*time.Hour, false), mk(31*24*time.Hour, true), mk(time.Hour, false)}); err != nil {
		t.Fatal(err)
	}
	claims := db.Collection("ticket_revisions")
	for i, end := range []time.Time{now.Add(-25 * time.Hour), now.Add(-time.Hour)} {
		if won, err := mongox.TakeLease(t.Context(), claims, mongox.Lease{Key: "t", N: int64(i + 1), Until: end}, end.Add(-time.Minute), nil); err != nil || !won {
			t.Fatalf("setup claim: %v %v", won, err)
		}
	}
	n, err := store.NewRetention(db, 30*24*time.Hour).Purge(t.Context(), now)
	if err != nil || n != 3 {
		t.Fatalf("purged %d, %v; want 2 notifications and 1 claim", n, err)
	}
	left, total, err := notes.ListNotifications(t.Context(), domain.Recipient{UserID: "u", CompanyID: "a"}, nil, domain.Page{Limit: 10, Sort: "created_at"})
	if err != nil || total != 1 || !left[0].CreatedAt.Equal(now.Add(-time.Hour).Truncate(time.Millisecond)) {
		t.Fatalf("left %+v total %d err %v; want the hour-old notification", left, total, err)
	}
	if c, err := claims.CountDocuments(t.Context(), map[string]any{}); err != nil || c != 1 {
		t.Fatalf("%d claims left, %v; want the recent one", c, err)
	}
}

// TestRetentionPurgesPublishClaims: a publish claim (one per published
// ticket version) goes a day after it ended, like a version claim; one
// that ended an hour ago stays.
func TestRetentionPurgesPublishClaims(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db, store.Migrations)
	now := time.Now().UTC()
	tickets := store.NewTickets(db)
	for i, end := range []time.Time{now.Add(-25 * time.Hour), now.Add(-time.Hour)} {
		if won, err := tickets.ClaimPublish(t.Context(), "t1", int64(i+1), "w", end.Add(-time.Minute), end); err != nil || !won {
			t.Fatalf("setup claim: %v %v", won, err)
		}
	}
	n, err := store.NewRetention(db, 30*24*time.Hour).Purge(t.Context(), now)
	if err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want the publish claim that ended 25 hours ago", n, err)
	}
	if c, err := db.Collection("publish_claims").CountDocuments(t.Context(), map[string]any{}); err != nil || c != 1 {
		t.Fatalf("%d publish claims left, %v; want the recent one", c, err)
	}
}
