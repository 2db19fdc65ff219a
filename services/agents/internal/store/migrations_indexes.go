package store

import (
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// agentSorts are the document fields the agent list sorts by
// (agentSortFields' values); convSorts the conversation list's.
var (
	agentSorts = []string{"name", "status", "created_at", "updated_at"}
	convSorts  = []string{"created_at", "updated_at"}
)

// agentIndexes: for each sort, the company's agent list with its filters
// ("list_<sort>"); across companies (created_at only) with name_lower for
// the prefix search.
func agentIndexes() []mongo.IndexModel {
	var ms []mongo.IndexModel
	for _, s := range agentSorts {
		ms = append(ms, mongox.NamedIndex("list_"+s, mongox.ListIndexKeys([]string{"company_id", "deleted"}, s, "status", "tags")...))
	}
	return append(ms, mongox.NamedIndex("all_created_at", mongox.ListIndexKeys([]string{"deleted"}, mongox.CrossTenantSort, "status", "name_lower", "tags")...))
}

// conversationIndexes: for each sort, a user's conversations and a
// company's (admins), filtered by agent; across companies (created_at
// only).
func conversationIndexes() []mongo.IndexModel {
	ms := []mongo.IndexModel{mongox.NamedIndex("all_created_at", mongox.ListIndexKeys(nil, mongox.CrossTenantSort, "user_id", "agent_id")...)}
	for _, s := range convSorts {
		ms = append(ms,
			mongox.NamedIndex("user_"+s, mongox.ListIndexKeys([]string{"company_id", "user_id"}, s, "agent_id")...),
			mongox.NamedIndex("company_"+s, mongox.ListIndexKeys([]string{"company_id"}, s, "agent_id")...))
	}
	return ms
}

// integrationIndexes (migration 6): the connection list by its other
// sorts with the kind filter (created_at has its two indexes since
// migration 2), and across companies (superadmins, created_at only). A
// company has a handful of connections, written once per sync: four
// indexes cost little.
func integrationIndexes() []mongo.IndexModel {
	var ms []mongo.IndexModel
	for _, s := range []string{"name", "kind", "updated_at"} {
		ms = append(ms, mongox.NamedIndex("list_"+s, mongox.ListIndexKeys([]string{"company_id"}, s, "kind")...))
	}
	return append(ms, mongox.NamedIndex("all_created_at", mongox.ListIndexKeys(nil, mongox.CrossTenantSort, "kind")...))
}

// servedQueries (migration 3): every query served by an index
// (docs/indexes.md); the indexes it supersedes go.
var servedQueries = mongox.Steps(
	mongox.BackfillLower(agentsColl, "name", "name_lower"),
	mongox.Indexes(agentsColl, agentIndexes()...),
	mongox.DropIndexes(agentsColl, "company_id_1_deleted_1_created_at_-1__id_-1", "company_id_1_deleted_1_tags_1"),
	mongox.Indexes(conversationsColl, conversationIndexes()...),
	mongox.DropIndexes(conversationsColl, "company_id_1_user_id_1_updated_at_-1__id_-1", "company_id_1_updated_at_-1__id_-1"),
	mongox.Indexes(versionsColl, mongox.Index("company_id", "agent_id", "-number", "-_id")),
	mongox.DropIndexes(versionsColl, "company_id_1_agent_id_1_number_-1"),
)
