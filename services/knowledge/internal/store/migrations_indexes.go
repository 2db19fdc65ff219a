package store

import (
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// chunkIndexes: for each sort of the chunk list, the company's list
// ("list_<sort>": company, deleted, active, sort, _id, source_id, tags)
// and the same filtered by agent ("agents_<sort>": an index holds one
// array field); a source's chunks by position; across companies
// (superadmins, created_at only) with title_lower for the prefix search;
// the index poller's changes per company; the re-embed job; activation and
// retirement of a generation; the tombstone purge.
func chunkIndexes() []mongo.IndexModel {
	live := []string{"company_id", "deleted", "active"}
	var ms []mongo.IndexModel
	for _, s := range domain.ChunkSorts {
		ms = append(ms,
			mongox.NamedIndex("list_"+s, mongox.ListIndexKeys(live, s, "source_id", "tags")...),
			mongox.NamedIndex("agents_"+s, mongox.ListIndexKeys([]string{"company_id", "deleted", "active", "agent_ids"}, s, "source_id")...))
	}
	return append(ms,
		mongox.NamedIndex("source_position", "company_id", "deleted", "active", "source_id", "position", "_id"),
		mongox.NamedIndex("all_created_at", mongox.ListIndexKeys([]string{"deleted", "active"}, mongox.CrossTenantSort, "source_id", "title_lower", "tags")...),
		mongox.NamedIndex("company_changes", "company_id", "updated_at", "_id"),
		mongox.NamedIndex("stale_embeddings", "deleted", "active", "embedding_model", "company_id"),
		mongox.NamedIndex("generation", "company_id", "source_id", "generation", "deleted", "active"),
		mongox.NamedIndex("tombstones", "active", "updated_at"))
}

// sourceIndexes: for each sort of the source list, the company's list with
// its filters; across companies (created_at only) with title_lower.
func sourceIndexes() []mongo.IndexModel {
	var ms []mongo.IndexModel
	for _, s := range domain.SourceSorts {
		ms = append(ms, mongox.NamedIndex("list_"+s, mongox.ListIndexKeys([]string{"company_id", "deleted"}, s, "type", "tags")...))
	}
	return append(ms, mongox.NamedIndex("all_created_at", mongox.ListIndexKeys([]string{"deleted"}, mongox.CrossTenantSort, "type", "title_lower", "tags")...))
}

// servedQueries (migration 2): every query served by an index
// (docs/indexes.md); the indexes it supersedes go.
var servedQueries = mongox.Steps(
	mongox.BackfillLower(chunksColl, "title", "title_lower"),
	mongox.BackfillLower(sourcesColl, "title", "title_lower"),
	mongox.Indexes(chunksColl, chunkIndexes()...),
	mongox.DropIndexes(chunksColl, "company_id_1_deleted_1_active_1_created_at_-1__id_-1", "company_id_1_source_id_1_generation_1",
		"embedding_model_1_deleted_1"),
	mongox.Indexes(sourcesColl, sourceIndexes()...),
	mongox.DropIndexes(sourcesColl, "company_id_1_deleted_1_updated_at_-1__id_-1"),
)
