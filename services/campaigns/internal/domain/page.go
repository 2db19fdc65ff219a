package domain

// CampaignSorts are the public sort names of campaigns lists. The transport validates
// a list's paging against them (listing.NewPage) and hands the domain a
// valid Page.
var CampaignSorts = []string{"name", "status", "start_at", "end_at", "budget_cents", "created_at", "updated_at"}
