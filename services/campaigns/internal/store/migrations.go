package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

type ctxT = context.Context

// Collection names.
const (
	campaignsColl = "campaigns"
	revisionsColl = "campaign_revisions"
	historyColl   = "campaign_history"
	leasesColl    = "scheduler_leases"
)

func idx(keys ...string) mongo.IndexModel {
	d := bson.D{}
	for _, k := range keys {
		dir := 1
		if k[0] == '-' {
			dir, k = -1, k[1:]
		}
		d = append(d, bson.E{Key: k, Value: dir})
	}
	return mongo.IndexModel{Keys: d}
}

// Migrations are the database changes of the campaigns service, in order.
var Migrations = []mongox.Migration{
	{Version: 1, Description: "campaign indexes (tenant lists, scheduler due queries)", Up: mongox.Indexes(campaignsColl,
		idx("company_id", "deleted", "-created_at"),
		idx("company_id", "status"),
		idx("company_id", "owner_id"),
		idx("company_id", "tags"),
		idx("company_id", "start_at", "end_at"),
		idx("status", "deleted", "start_at"),
		idx("status", "deleted", "end_at"),
	)},
	{Version: 2, Description: "history, revision claim and scheduler lease indexes", Up: func(ctx ctxT, db *mongo.Database) error {
		if err := mongox.Indexes(historyColl, idx("company_id", "campaign_id", "at"))(ctx, db); err != nil {
			return err
		}
		if err := mongox.Indexes(revisionsColl, idx("entity_id"))(ctx, db); err != nil {
			return err
		}
		return mongox.Indexes(leasesColl, idx("claimed_at"))(ctx, db)
	}},
}
