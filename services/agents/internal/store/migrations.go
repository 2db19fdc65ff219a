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
	{Version: 2, Description: "every query served by an index: list indexes per sort ending with _id and holding the filters, name_lower", Up: servedQueries},
}
