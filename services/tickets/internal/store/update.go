package store

import (
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Update applies ch to the ticket at `version` (required, ≥ 1) and bumps
// the version (mongox.Versioned: read in scope, claim the next version
// "<id>#<version+1>" in ticket_revisions, update with a filter on the old
// one). Exactly one of several concurrent writers of the same version
// wins, on MongoDB and on FerretDB alike; the others get
// domain.StaleError (409).
func (s *Tickets) Update(ctx ctxT, sc domain.Scope, id string, version int64, ch domain.Changes) (domain.Ticket, error) {
	f, err := scopeFilter(sc)
	if err != nil {
		return domain.Ticket{}, err
	}
	upd := bson.M{"$set": changeSet(ch)}
	switch {
	case ch.AddFollower != "":
		upd["$addToSet"] = bson.M{"followers": ch.AddFollower}
	case ch.RemoveFollower != "":
		upd["$pull"] = bson.M{"followers": ch.RemoveFollower}
	}
	var d ticketDoc
	if err := s.versioned.Update(ctx, f, id, version, upd, &d); err != nil {
		return domain.Ticket{}, err
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
	str("title", ch.Title)
	str("description", ch.Description)
	str("type", ch.Type)
	str("status", ch.Status)
	str("campaign_id", ch.CampaignID)
	str("agent_id", ch.AgentID)
	str("assignee_id", ch.AssigneeID)
	if ch.Priority != nil {
		set["priority"] = *ch.Priority
		set["priority_rank"] = domain.PriorityRank(*ch.Priority)
	}
	if ch.DueAt != nil {
		set["due_at"] = *ch.DueAt
	}
	if ch.ClearDueAt {
		set["due_at"] = nil
	}
	if ch.Tags != nil {
		set["tags"] = *ch.Tags
	}
	if ch.Archived != nil {
		set["archived"] = *ch.Archived
	}
	if ch.Deleted {
		set["deleted"] = true
		set["deleted_at"] = ch.UpdatedAt
	}
	return set
}
