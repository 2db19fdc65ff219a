package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
)

type ctxT = context.Context

// Collection names.
const (
	agentsColl        = "agents"
	revisionsColl     = "agent_revisions"  // version claims (mongox.Versioned)
	personaNumberColl = "persona_numbers"  // persona version numbers (mongox.NextNumber)
	versionsColl      = "persona_versions" // persona snapshots
	conversationsColl = "conversations"
	messagesColl      = "messages"
	integrationsColl  = "integrations"     // Shopify and WordPress connections
	syncJobsColl      = "sync_jobs"        // Shopify sync jobs
	syncActiveColl    = "sync_active"      // the active job of each connection (_id: connection)
	syncLeasesColl    = "sync_leases"      // step leases (mongox.TakeLease)
	ledgerColl        = "shopify_products" // product → knowledge source
)

var idx = mongox.Index

// Migrations are the agents database's numbered changes.
var Migrations = []mongox.Migration{
	{Version: 1, Description: "agents, persona versions, conversations and messages with their indexes", Up: func(ctx context.Context, db *mongo.Database) error {
		steps := []func(context.Context, *mongo.Database) error{
			mongox.Indexes(agentsColl, idx("company_id", "deleted", "-created_at", "-_id"), idx("company_id", "deleted", "tags")),
			mongox.Indexes(revisionsColl, mongox.ClaimIndexes()...),
			mongox.Indexes(personaNumberColl, mongox.ClaimIndexes()...),
			mongox.Indexes(versionsColl, mongo.IndexModel{
				Keys:    bson.D{{Key: "agent_id", Value: 1}, {Key: "number", Value: 1}},
				Options: options.Index().SetUnique(true).SetName("agent_number_unique"),
			}, idx("company_id", "agent_id", "-number")),
			mongox.Indexes(conversationsColl, idx("company_id", "user_id", "-updated_at", "-_id"), idx("company_id", "-updated_at", "-_id")),
			mongox.Indexes(messagesColl, idx("company_id", "conversation_id", "created_at", "_id")),
		}
		for _, step := range steps {
			if err := step(ctx, db); err != nil {
				return err
			}
		}
		return nil
	}},
	{Version: 2, Description: "integrations, sync jobs, step leases and the Shopify product ledger", Up: mongox.Steps(
		mongox.Indexes(integrationsColl, idx("company_id", "-created_at", "-_id"), idx("company_id", "kind", "-created_at", "-_id"),
			idx("kind", "active", "next_sync_at")),
		mongox.Indexes(syncJobsColl, idx("company_id", "integration_id", "-created_at", "-_id")),
		mongox.Indexes(syncActiveColl, idx("created_at")),
		mongox.Indexes(syncLeasesColl, mongox.ClaimIndexes()...),
		mongox.Indexes(ledgerColl, idx("integration_id", "seen_job")),
	)},
	{Version: 3, Description: "every query served by an index: list indexes per sort ending with _id and holding the filters, name_lower", Up: servedQueries},
	{Version: 4, Description: "due scheduled syncs: the index holds the interval too", Up: mongox.Steps(
		mongox.Indexes(integrationsColl, idx("kind", "active", "next_sync_at", "sync_interval_minutes")),
		mongox.DropIndexes(integrationsColl, "kind_1_active_1_next_sync_at_1"),
	)},
	{Version: 5, Description: "integration secrets by key id: the start-up re-seal after a SECRETS_KEY rotation", Up: mongox.Steps(
		mongox.Indexes(integrationsColl, idx("secret.key_id")),
	)},
	{Version: 6, Description: "integration lists sorted by name, kind or updated_at, and across companies (created_at only)", Up: mongox.Indexes(integrationsColl, integrationIndexes()...)},
}
