package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
)

type ctxT = context.Context

// Collection names.
const (
	campaignsColl = "campaigns"
	revisionsColl = "campaign_revisions"
	historyColl   = "campaign_history"
	leasesColl    = "scheduler_leases"
	// plansColl keeps content plans; planRevisionsColl their version claims.
	plansColl         = "campaign_plans"
	planRevisionsColl = "plan_revisions"
)

var idx = mongox.Index

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
	{Version: 2, Description: "history, revision claim and scheduler lease indexes", Up: mongox.Steps(
		mongox.Indexes(historyColl, idx("company_id", "campaign_id", "at")),
		mongox.Indexes(revisionsColl, idx("entity_id")),
		mongox.Indexes(leasesColl, idx("claimed_at")),
	)},
	{Version: 3, Description: "revision claims and scheduler leases in the one claim format (<key>#<n>)", Up: oneClaimFormat},
	{Version: 4, Description: "content plans: a campaign's plans newest first (by created_at or updated_at), plan version claims", Up: mongox.Steps(
		mongox.Indexes(plansColl,
			idx("company_id", "campaign_id", "-created_at", "-_id"),
			idx("company_id", "campaign_id", "-updated_at", "-_id"),
			idx("company_id", "campaign_id", "status", "-created_at", "-_id")),
		mongox.Indexes(planRevisionsColl, mongox.ClaimIndexes()...),
	)},
	{Version: 5, Description: "every query served by an index: list indexes per sort ending with _id and holding the filters, name_lower, due queries; unused indexes dropped", Up: servedQueries},
	{Version: 6, Description: "campaigns with pending history (the relay job)", Up: mongox.Indexes(campaignsColl,
		mongo.IndexModel{Keys: bson.D{{Key: "pending_since", Value: 1}}, Options: options.Index().SetSparse(true).SetName("pending_since_sparse")})},
	{Version: 7, Description: "lists the API accepts that no index served: campaigns by channel across companies, a campaign's plans by status sorted by updated_at", Up: mongox.Steps(
		mongox.Indexes(campaignsColl, allChannelsIndex()),
		mongox.Indexes(plansColl, idx("company_id", "campaign_id", "status", "-updated_at", "-_id")),
	)},
}

// oneClaimFormat moves the version claims "<id>@<version>" to
// "<id>#<version>" (mongox.UpgradeClaims: only the last 30 s matter) and
// drops the scheduler's old tick leases, which the lease purge (by
// expires_at) would never reach; a period's lease only saves a duplicate
// scan.
func oneClaimFormat(ctx ctxT, db *mongo.Database) error {
	parse := func(id string, _ bson.Raw) (string, int64, bool) {
		key, v, ok := strings.Cut(id, "@")
		n, err := strconv.ParseInt(v, 10, 64)
		return key, n, ok && err == nil
	}
	if err := mongox.UpgradeClaims(revisionsColl, "claimed_at", parse)(ctx, db); err != nil {
		return err
	}
	if err := mongox.Indexes(leasesColl, mongox.ClaimIndexes()...)(ctx, db); err != nil {
		return err
	}
	if _, err := db.Collection(leasesColl).DeleteMany(ctx, bson.M{"key": bson.M{"$exists": false}}); err != nil {
		return fmt.Errorf("drop old scheduler leases: %w", err)
	}
	return nil
}
