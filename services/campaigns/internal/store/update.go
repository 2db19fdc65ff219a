package store

import (
	"strings"

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
	upd := bson.M{"$set": changeSet(ch)}
	if docs, since := toPending(ch.History); len(docs) > 0 {
		upd["$addToSet"] = bson.M{"pending_history": bson.M{"$each": docs}}
		upd["$min"] = bson.M{"pending_since": *since}
	}
	var d campaignDoc
	if err := s.versioned.Update(ctx, f, id, version, upd, &d); err != nil {
		return domain.Campaign{}, err
	}
	return d.domain(), nil
}

// changeSet is the $set of a change.
func changeSet(ch domain.Changes) bson.M {
	set := bson.M{"updated_at": ch.UpdatedAt}
	for key, v := range map[string]*string{"name": ch.Name, "description": ch.Description, "goal": ch.Goal,
		"status": ch.Status, "audience": ch.Audience, "currency": ch.Currency, "owner_id": ch.OwnerID} {
		mongox.SetIf(set, key, v)
	}
	if ch.Name != nil {
		set["name_lower"] = strings.ToLower(*ch.Name)
	}
	mongox.SetList(set, "channels", ch.Channels)
	mongox.SetList(set, "agent_ids", ch.AgentIDs)
	mongox.SetList(set, "tags", ch.Tags)
	mongox.SetIf(set, "budget_cents", ch.BudgetCents)
	mongox.SetIf(set, "start_at", ch.StartAt)
	mongox.SetIf(set, "end_at", ch.EndAt)
	if ch.ClearDates {
		set["start_at"], set["end_at"] = nil, nil
	}
	if ch.Deleted {
		mongox.SetDeleted(set, ch.UpdatedAt)
	}
	return set
}
