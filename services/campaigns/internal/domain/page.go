package domain

import "github.com/copydesk/copydesk/pkg/listing"

// CampaignSorts are the public sort fields of campaign lists.
var CampaignSorts = []string{"name", "status", "start_at", "end_at", "budget_cents", "created_at", "updated_at"}

// NewPage validates list parameters (422 on bad values); see listing.New.
func NewPage(skip, limit int32, sort, order string, sortable []string, def string, defDesc bool) (Page, error) {
	return listing.New(skip, limit, sort, order, sortable, def, defDesc)
}
