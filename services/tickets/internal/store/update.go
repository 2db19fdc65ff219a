package store

import (
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
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
	if err := addPending(upd, ch.Events); err != nil {
		return domain.Ticket{}, err
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
	for key, v := range map[string]*string{"title": ch.Title, "description": ch.Description, "type": ch.Type,
		"status": ch.Status, "campaign_id": ch.CampaignID, "agent_id": ch.AgentID, "assignee_id": ch.AssigneeID} {
		mongox.SetIf(set, key, v)
	}
	if ch.Title != nil {
		set["title_lower"] = strings.ToLower(*ch.Title)
	}
	if ch.Priority != nil {
		set["priority"] = *ch.Priority
		set["priority_rank"] = domain.PriorityRank(*ch.Priority)
	}
	mongox.SetIf(set, "due_at", ch.DueAt)
	if ch.ClearDueAt {
		set["due_at"] = nil
	}
	mongox.SetList(set, "tags", ch.Tags)
	mongox.SetIf(set, "archived", ch.Archived)
	if ch.Publication != nil {
		set["publication"] = toPublicationDoc(ch.Publication)
	}
	if ch.Deleted {
		mongox.SetDeleted(set, ch.UpdatedAt)
	}
	return set
}
