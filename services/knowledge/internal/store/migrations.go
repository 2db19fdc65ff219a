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
	chunksColl  = "chunks"
	sourcesColl = "sources"
	leasesColl  = "leases"
)

var idx = mongox.Index

// Migrations are the knowledge database's numbered changes.
var Migrations = []mongox.Migration{
	{Version: 1, Description: "sources, chunks and leases with their indexes", Up: func(ctx context.Context, db *mongo.Database) error {
		unique := mongo.IndexModel{Keys: bson.D{{Key: "company_id", Value: 1}, {Key: "ref", Value: 1}},
			Options: options.Index().SetUnique(true).SetName("company_ref_unique")}
		if err := mongox.Indexes(sourcesColl, unique, idx("company_id", "deleted", "-updated_at", "-_id"))(ctx, db); err != nil {
			return err
		}
		if err := mongox.Indexes(chunksColl,
			idx("company_id", "deleted", "active", "-created_at", "-_id"), // lists
			idx("company_id", "source_id", "generation"),                  // ingest steps, a source's chunks
			idx("updated_at", "_id"),                                      // the index poller, every company
			idx("embedding_model", "deleted"),                             // the re-embed job
		)(ctx, db); err != nil {
			return err
		}
		return mongox.Indexes(leasesColl, mongox.ClaimIndexes()...)(ctx, db)
	}},
	{Version: 2, Description: "every query served by an index: list indexes per sort ending with _id and holding the filters, title_lower, the jobs' queries", Up: servedQueries},
}
