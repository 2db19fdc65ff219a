package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// Collection names.
const (
	refreshColl  = "refresh_tokens"
	claimsColl   = "refresh_claims"
	familiesColl = "revoked_families"
	throttleColl = "login_throttle"
	failuresColl = "login_failures"
)

// Migrations of the auth database, applied in order at start-up by
// mongox.Migrate. Never change a shipped migration; add a new one.
var Migrations = []mongox.Migration{
	{
		Version:     1,
		Description: "refresh_tokens indexes: family_id, user_id, expires_at",
		Up: mongox.Indexes(refreshColl,
			mongo.IndexModel{Keys: bson.D{{Key: "family_id", Value: 1}}, Options: options.Index().SetName("family_id")},
			mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user_id")},
			mongo.IndexModel{Keys: bson.D{{Key: "expires_at", Value: 1}}, Options: options.Index().SetName("expires_at")},
		),
	},
	{
		Version:     2,
		Description: "login_throttle index: window_start",
		Up: mongox.Indexes(throttleColl,
			mongo.IndexModel{Keys: bson.D{{Key: "window_start", Value: 1}}, Options: options.Index().SetName("window_start")},
		),
	},
	{
		Version:     3,
		Description: "refresh_claims and revoked_families indexes: expires_at",
		Up: func(ctx context.Context, db *mongo.Database) error {
			for _, c := range []string{claimsColl, familiesColl} {
				if err := mongox.Indexes(c, mongo.IndexModel{Keys: bson.D{{Key: "expires_at", Value: 1}}, Options: options.Index().SetName("expires_at")})(ctx, db); err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		Version:     4,
		Description: "login_failures indexes: key+at (count in window), at (purge)",
		Up: mongox.Indexes(failuresColl,
			mongo.IndexModel{Keys: bson.D{{Key: "key", Value: 1}, {Key: "at", Value: 1}}, Options: options.Index().SetName("key_at")},
			mongo.IndexModel{Keys: bson.D{{Key: "at", Value: 1}}, Options: options.Index().SetName("at")},
		),
	},
	{
		Version: 5,
		Description: "every query served by an index: refresh tokens by (user_id, revoked_at) and (family_id, revoked_at); " +
			"login_throttle purge by locked_until (window_start was never written)",
		Up: mongox.Steps(
			mongox.Indexes(refreshColl, mongox.NamedIndex("user_live", "user_id", "revoked_at"), mongox.NamedIndex("family_live", "family_id", "revoked_at")),
			mongox.DropIndexes(refreshColl, "user_id", "family_id"),
			mongox.Indexes(throttleColl, mongox.NamedIndex("locked_until", "locked_until")),
			mongox.DropIndexes(throttleColl, "window_start"),
		),
	},
}
