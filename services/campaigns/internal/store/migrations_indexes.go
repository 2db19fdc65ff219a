package store

import (
	"slices"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// campaignSorts are the document fields the campaign list sorts by
// (campaignSortFields' values); each has its list indexes.
var campaignSorts = []string{"name", "status", "start_at", "end_at", "budget_cents", "created_at", "updated_at"}

// campaignFilters are the list's optional scalar filters, held after the
// sort in every list index (the R of equality–sort–range).
var campaignFilters = []string{"status", "owner_id", "start_at", "end_at"}

// campaignListIndexes: for each sort field, the company's list
// ("list_<sort>": company, deleted, sort, _id, filters, tags) and the
// same filtered by channel ("channels_<sort>": an index holds one array
// field, so tags and channels cannot share one); across companies
// (superadmins, created_at only) with name_lower for the prefix search.
func campaignListIndexes() []mongo.IndexModel {
	live := []string{"company_id", "deleted"}
	var ms []mongo.IndexModel
	for _, s := range campaignSorts {
		ms = append(ms,
			mongox.NamedIndex("list_"+s, mongox.ListIndexKeys(live, s, slices.Concat(campaignFilters, []string{"tags"})...)...),
			mongox.NamedIndex("channels_"+s, mongox.ListIndexKeys([]string{"company_id", "deleted", "channels"}, s, campaignFilters...)...))
	}
	return append(ms,
		mongox.NamedIndex("all_created_at", mongox.ListIndexKeys([]string{"deleted"}, mongox.CrossTenantSort, slices.Concat(campaignFilters, []string{"name_lower", "tags"})...)...),
		mongox.NamedIndex("due_start", "status", "deleted", "start_at", "_id"),
		mongox.NamedIndex("due_end", "status", "deleted", "end_at", "_id"))
}

// allChannelsIndex (migration 7) is the list by channel across companies
// (superadmins, created_at only, mongox.CrossTenantSort): the channel's
// campaigns of every company in order, the filters and name_lower for the
// prefix search after. A tag with it is refused (Campaigns.List): tags,
// a second array field, cannot be a key of this index.
func allChannelsIndex() mongo.IndexModel {
	return mongox.NamedIndex("all_channels_created_at",
		mongox.ListIndexKeys([]string{"deleted", "channels"}, mongox.CrossTenantSort, slices.Concat(campaignFilters, []string{"name_lower"})...)...)
}

// servedQueries (migration 5): every list index ends with its sort and
// _id and holds the filters, the scheduler's due queries end with _id,
// name_lower for the prefix search, unused indexes go (docs/indexes.md).
var servedQueries = mongox.Steps(
	mongox.BackfillLower(campaignsColl, "name", "name_lower"),
	mongox.Indexes(campaignsColl, campaignListIndexes()...),
	mongox.DropIndexes(campaignsColl, "company_id_1_deleted_1_created_at_-1", "company_id_1_status_1", "company_id_1_owner_id_1",
		"company_id_1_tags_1", "company_id_1_start_at_1_end_at_1", "status_1_deleted_1_start_at_1", "status_1_deleted_1_end_at_1"),
	mongox.Indexes(historyColl, mongox.Index("company_id", "campaign_id", "at", "_id")),
	mongox.DropIndexes(historyColl, "company_id_1_campaign_id_1_at_1"),
	mongox.DropIndexes(revisionsColl, "entity_id_1"),
	mongox.Indexes(revisionsColl, mongox.ClaimIndexes()...), // the purge by expires_at
	mongox.DropIndexes(leasesColl, "claimed_at_1"),
)
