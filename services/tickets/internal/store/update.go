package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// claimStale is how old a revision claim must be before another writer
// may presume its owner died between claiming and updating.
const claimStale = 30 * time.Second

// Update applies ch to the ticket at `version` (0: the current one) and
// bumps the version. Exactly one of several concurrent writers of the same
// version wins, on MongoDB and on FerretDB alike:
//
//  1. the ticket is read in scope (404 outside it; 409 on another version);
//  2. the writer claims the next version by inserting the revision
//     document "<id>#<version+1>" — a unique _id, so of concurrent writers
//     exactly one insert succeeds and the others get 409;
//  3. the winner updates the ticket with a filter on the old version.
//
// Step 2 is what makes it safe on FerretDB, whose SQLite handler applies
// updates (and findOneAndUpdate) as read-then-write without isolation:
// two version-filtered updates can both "match" there. Inserts into a
// unique index are atomic everywhere.
func (s *Tickets) Update(ctx ctxT, sc domain.Scope, id string, version int64, ch domain.Changes) (domain.Ticket, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Ticket{}, err
	}
	f, err := scopeFilter(sc)
	if err != nil {
		return domain.Ticket{}, err
	}
	f["_id"] = oid
	var cur ticketDoc
	if err := s.coll.FindOne(ctx, f).Decode(&cur); err != nil {
		return domain.Ticket{}, fmt.Errorf("ticket %s: %w", id, mongox.NotFound(err))
	}
	if version == 0 {
		version = cur.Version
	}
	if cur.Version != version {
		return domain.Ticket{}, conflict(cur.Version)
	}
	if err := s.claim(ctx, cur, version+1, ch.UpdatedAt); err != nil {
		return domain.Ticket{}, err
	}
	upd := bson.M{"$set": changeSet(ch), "$inc": bson.M{"version": int64(1)}}
	switch {
	case ch.AddFollower != "":
		upd["$addToSet"] = bson.M{"followers": ch.AddFollower}
	case ch.RemoveFollower != "":
		upd["$pull"] = bson.M{"followers": ch.RemoveFollower}
	}
	res, err := s.coll.UpdateOne(ctx, bson.M{"_id": oid, "company_id": cur.CompanyID, "version": version}, upd)
	if err != nil {
		return domain.Ticket{}, fmt.Errorf("update ticket %s: %w", id, err)
	}
	if res.MatchedCount == 0 {
		return domain.Ticket{}, conflict(version + 1)
	}
	var d ticketDoc
	if err := s.coll.FindOne(ctx, bson.M{"_id": oid, "company_id": cur.CompanyID}).Decode(&d); err != nil {
		return domain.Ticket{}, fmt.Errorf("reread ticket %s: %w", id, err)
	}
	return d.domain(), nil
}

func conflict(current int64) error {
	return errs.New(errs.ErrConflict, "Ticket was changed by someone else (now version %d); reload and retry", current)
}

type revisionDoc struct {
	ID        string    `bson:"_id"` // "<ticket id>#<version>"
	CompanyID string    `bson:"company_id"`
	TicketID  string    `bson:"ticket_id"`
	Version   int64     `bson:"version"`
	At        time.Time `bson:"at"`
}

// claim inserts the revision document of version `next`. A duplicate is a
// concurrent writer (409), unless that claim is stale and the ticket never
// reached `next` (its writer died in between): then it is removed and
// claimed again once.
func (s *Tickets) claim(ctx ctxT, cur ticketDoc, next int64, now time.Time) error {
	if now.IsZero() {
		now = time.Now().UTC()
	}
	rev := revisionDoc{ID: fmt.Sprintf("%s#%d", cur.ID.Hex(), next), CompanyID: cur.CompanyID, TicketID: cur.ID.Hex(), Version: next, At: now}
	for attempt := 0; ; attempt++ {
		_, err := s.revisions.InsertOne(ctx, rev)
		if err == nil {
			return nil
		}
		if !mongox.IsDuplicateKey(err) {
			return fmt.Errorf("claim ticket revision: %w", err)
		}
		if attempt > 0 {
			return conflict(next)
		}
		var old revisionDoc
		if err := s.revisions.FindOne(ctx, bson.M{"_id": rev.ID}).Decode(&old); err != nil || old.At.After(now.Add(-claimStale)) {
			return conflict(next)
		}
		if _, err := s.revisions.DeleteOne(ctx, bson.M{"_id": rev.ID, "at": old.At}); err != nil {
			return fmt.Errorf("drop stale ticket revision: %w", err)
		}
	}
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
