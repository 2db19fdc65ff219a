package store

import (
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// Update applies ch to the campaign at `version` and bumps the version
// (mongox.Versioned: read in scope, claim the next version, update with a
// filter on the old one). Exactly one of several concurrent writers of
// the same version wins, on MongoDB and on FerretDB alike — people
// editing, and scheduler replicas ticking at once; the others get
// domain.StaleError (409).
func (s *Campaigns) Update(ctx ctxT, sc domain.Scope, id string, version int64, ch domain.Changes) (domain.Campaign, error) {
	f, err := mongox.LiveFilter(sc)
	if err != nil {
		return domain.Campaign{}, err
	}
	var d campaignDoc
	if err := s.versioned.Update(ctx, f, id, version, bson.M{"$set": changeSet(ch)}, &d); err != nil {
		return domain.Campaign{}, err
	}
	return d.domain(), nil
}

// changeSet is the $set of a change.
func changeSet(ch domain.Changes) bson.M {
	set := bson.M{"updated_at": ch.UpdatedAt}
	str := func(key string, v *string) {
		if v != nil {
			set[key] = *v
		}
	}
	list := func(key string, v *[]string) {
		if v != nil {
			set[key] = nonNil(*v)
		}
	}
	str("name", ch.Name)
	str("description", ch.Description)
	str("goal", ch.Goal)
	str("status", ch.Status)
	str("audience", ch.Audience)
	str("currency", ch.Currency)
	str("owner_id", ch.OwnerID)
	list("channels", ch.Channels)
	list("agent_ids", ch.AgentIDs)
	list("tags", ch.Tags)
	if ch.BudgetCents != nil {
		set["budget_cents"] = *ch.BudgetCents
	}
	if ch.StartAt != nil {
		set["start_at"] = *ch.StartAt
	}
	if ch.EndAt != nil {
		set["end_at"] = *ch.EndAt
	}
	if ch.ClearDates {
		set["start_at"] = nil
		set["end_at"] = nil
	}
	if ch.Deleted {
		set["deleted"] = true
		set["deleted_at"] = ch.UpdatedAt
	}
	return set
}
