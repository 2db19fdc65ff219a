package store_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/campaigns/internal/store"
)

func migrate(t *testing.T, db *mongo.Database) {
	t.Helper()
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.NewJSONHandler(io.Discard, nil)), store.Migrations); err != nil {
		t.Fatal(err)
	}
}

// TestLeasesPurge: the scheduler's purge removes its tick leases and the
// version claims of campaigns and of content plans (plan_revisions, never
// purged before) that ended before the cut-off, through their expires_at
// index; those that ended after it stay.
func TestLeasesPurge(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db)
	now := time.Now().UTC()
	colls := []string{"scheduler_leases", "campaign_revisions", "plan_revisions"}
	for _, name := range colls {
		for i, end := range []time.Time{now.Add(-25 * time.Hour), now.Add(-time.Hour)} {
			l := mongox.Lease{Key: "k", N: int64(i + 1), Owner: "w", Until: end}
			if won, err := mongox.TakeLease(t.Context(), db.Collection(name), l, end.Add(-time.Minute), nil); err != nil || !won {
				t.Fatalf("setup %s: %v %v", name, won, err)
			}
		}
	}
	if err := store.NewLeases(db).Purge(t.Context(), now.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, name := range colls {
		var left []struct {
			ExpiresAt time.Time `bson:"expires_at"`
		}
		cur, err := db.Collection(name).Find(t.Context(), bson.M{})
		if err != nil {
			t.Fatal(err)
		}
		if err := cur.All(t.Context(), &left); err != nil {
			t.Fatal(err)
		}
		if len(left) != 1 || left[0].ExpiresAt.Before(now.Add(-2*time.Hour)) {
			t.Errorf("%s: %d claims left %+v, want only the one that ended an hour ago", name, len(left), left)
		}
	}
}
