package store

import (
	"slices"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// ticketSorts are the document fields the ticket list sorts by
// (ticketSortFields' values); each has its list indexes.
var ticketSorts = []string{"number", "title", "status", "priority_rank", "due_at", "created_at", "updated_at"}

// ticketFilters are the list's optional filters held after the sort in
// every list index, so a filtered page skips a non-matching ticket on its
// index key instead of fetching it (the R of equality–sort–range).
var ticketFilters = []string{"status", "priority", "type", "assignee_id", "created_by", "campaign_id", "due_at"}

// ticketListIndexes (migration 12): for each sort field, the company's
// list ("list_<sort>": company, deleted, archived, sort, _id, filters,
// tags) and the followers branch of a client's visibility and of "mine"
// ("followers_<sort>": an index holds one array field, so followers and
// tags cannot share one); across companies (superadmins, created_at
// only, mongox.CrossTenantSort) the same two with title_lower for the
// prefix search; and a campaign's counts.
func ticketListIndexes() []mongo.IndexModel {
	live := []string{"company_id", "deleted", "archived"}
	var ms []mongo.IndexModel
	for _, s := range ticketSorts {
		ms = append(ms,
			mongox.NamedIndex("list_"+s, mongox.ListIndexKeys(live, s, slices.Concat(ticketFilters, []string{"tags"})...)...),
			mongox.NamedIndex("followers_"+s, mongox.ListIndexKeys(append(slices.Clone(live), "followers"), s, ticketFilters...)...))
	}
	return append(ms,
		mongox.NamedIndex("all_created_at", mongox.ListIndexKeys([]string{"deleted", "archived"}, mongox.CrossTenantSort, slices.Concat(ticketFilters, []string{"title_lower", "tags"})...)...),
		mongox.NamedIndex("all_followers_created_at", mongox.ListIndexKeys([]string{"deleted", "archived", "followers"}, mongox.CrossTenantSort, slices.Concat(ticketFilters, []string{"title_lower"})...)...),
		mongox.NamedIndex("campaign_counts", "company_id", "campaign_id", "deleted", "status", "due_at"))
}

// servedQueries (migration 12): every list index ends with its sort and
// _id, every query has an index, unused indexes go (docs/indexes.md).
var servedQueries = mongox.Steps(
	mongox.BackfillLower(ticketsColl, "title", "title_lower"),
	mongox.Indexes(ticketsColl, ticketListIndexes()...),
	mongox.DropIndexes(ticketsColl, "company_id_1_deleted_1_archived_1_created_at_-1", "company_id_1_status_1",
		"company_id_1_assignee_id_1", "company_id_1_campaign_id_1", "company_id_1_followers_1"),
	mongox.Indexes(historyColl, mongox.Index("company_id", "ticket_id", "at", "_id")),
	mongox.DropIndexes(historyColl, "company_id_1_ticket_id_1_at_1"),
	mongox.Indexes(commentsColl, mongox.Index("company_id", "ticket_id", "created_at", "_id")),
	mongox.DropIndexes(commentsColl, "company_id_1_ticket_id_1_created_at_1"),
	mongox.Indexes(notificationsColl,
		mongox.Index("company_id", "user_id", "-created_at", "-_id", "read"),
		mongox.Index("user_id", "-created_at", "-_id", "read"),
		mongox.Index("created_at")),
	mongox.DropIndexes(notificationsColl, "company_id_1_user_id_1_read_1_created_at_-1", "user_id_1_read_1_created_at_-1"),
	mongox.Indexes(webhooksColl, mongox.Index("company_id", "-created_at", "-_id", "active"), mongox.Index("-created_at", "-_id", "active")),
	mongox.DropIndexes(webhooksColl, "company_id_1_active_1"),
	mongox.Indexes(outboxColl, mongox.Index("status", "next_attempt_at", "_id", "locked_until"), mongox.Index("status", "created_at")),
	mongox.Indexes(outboxColl, mongox.Index("webhook_id", "company_id", "status")), // a deleted webhook's pending jobs
	mongox.DropIndexes(outboxColl, "status_1_next_attempt_at_1", "webhook_id_1"),
	mongox.Indexes(draftsColl, mongox.Index("company_id", "ticket_id", "-number", "-_id")),
	mongox.DropIndexes(draftsColl, "company_id_1_ticket_id_1_number_-1"),
	mongox.DropIndexes(revisionsColl, "ticket_id_1"),
	mongox.Indexes(revisionsColl, mongox.ClaimIndexes()...), // the retention purge by expires_at
)
