package store

import (
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// Migrations are the numbered changes of the users database. Never edit a
// shipped one; append.
var Migrations = []mongox.Migration{
	{
		Version:     1,
		Description: "companies: unique name_lower, is_system",
		Up: mongox.Indexes(CompaniesColl,
			mongo.IndexModel{Keys: bson.D{{Key: "name_lower", Value: 1}}, Options: options.Index().SetName("name_lower_unique").SetUnique(true)},
			mongo.IndexModel{Keys: bson.D{{Key: "is_system", Value: 1}}, Options: options.Index().SetName("is_system")},
		),
	},
	{
		Version:     2,
		Description: "users: unique (company_id, email_lower), email_lower, role",
		Up: mongox.Indexes(UsersColl,
			mongo.IndexModel{Keys: bson.D{{Key: "company_id", Value: 1}, {Key: "email_lower", Value: 1}},
				Options: options.Index().SetName("company_email_unique").SetUnique(true)},
			mongo.IndexModel{Keys: bson.D{{Key: "email_lower", Value: 1}}, Options: options.Index().SetName("email_lower")},
			mongo.IndexModel{Keys: bson.D{{Key: "role", Value: 1}}, Options: options.Index().SetName("role")},
		),
	},
	{
		Version:     3,
		Description: "users: username backfilled from the email, unique (company_id, username_lower)",
		Up:          backfillUsernames,
	},
	{
		Version:     4,
		Description: "session_cutoffs: recorded_at (the gateway's poll)",
		Up: mongox.Indexes(CutoffsColl,
			mongo.IndexModel{Keys: bson.D{{Key: "recorded_at", Value: 1}}, Options: options.Index().SetName("recorded_at")}),
	},
	{
		Version:     5,
		Description: "password_failures: (key, at), at (ChangePassword throttle)",
		Up: mongox.Indexes(PwFailColl,
			mongo.IndexModel{Keys: bson.D{{Key: "key", Value: 1}, {Key: "at", Value: 1}}, Options: options.Index().SetName("key_at")},
			mongo.IndexModel{Keys: bson.D{{Key: "at", Value: 1}}, Options: options.Index().SetName("at")}),
	},
	{
		Version:     6,
		Description: "every query served by an index: list indexes per sort ending with _id, full_name_lower, login and superadmin lookups",
		Up:          servedQueries,
	},
	{
		Version:     7,
		Description: "session_cutoffs: (recorded_at, _id), the feed's order (the poll sorts by both)",
		Up: mongox.Steps(
			mongox.Indexes(CutoffsColl, mongox.Index("recorded_at", "_id")),
			mongox.DropIndexes(CutoffsColl, "recorded_at"),
		),
	},
}
