package store

import (
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Update applies ch with one findOneAndUpdate whose filter holds the
// scope, the id and the expected version, and which increments the
// version: of two writers that read the same version exactly one
// matches. When nothing matches, the ticket is read again to tell a
// missing ticket (404) from a stale version (409).
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
	if version > 0 {
		f["version"] = version
	}
	upd := bson.M{"$set": changeSet(ch), "$inc": bson.M{"version": int64(1)}}
	if ch.AddFollower != "" {
		upd["$addToSet"] = bson.M{"followers": ch.AddFollower}
	}
	var d ticketDoc
	err = s.coll.FindOneAndUpdate(ctx, f, upd, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		delete(f, "version")
		var cur ticketDoc
		if err := s.coll.FindOne(ctx, f).Decode(&cur); err != nil {
			return domain.Ticket{}, fmt.Errorf("ticket %s: %w", id, mongox.NotFound(err))
		}
		return domain.Ticket{}, errs.New(errs.ErrConflict, "Ticket was changed by someone else (now version %d); reload and retry", cur.Version)
	}
	if err != nil {
		return domain.Ticket{}, fmt.Errorf("update ticket %s: %w", id, err)
	}
	return d.domain(), nil
}

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

// AddFollower adds userID to the follower set ($addToSet, exact value).
func (s *Tickets) AddFollower(ctx ctxT, sc domain.Scope, id, userID string, now time.Time) (domain.Ticket, error) {
	return s.follow(ctx, sc, id, bson.M{"$addToSet": bson.M{"followers": userID}, "$set": bson.M{"updated_at": now}})
}

// RemoveFollower removes userID from the follower set ($pull, exact value).
func (s *Tickets) RemoveFollower(ctx ctxT, sc domain.Scope, id, userID string, now time.Time) (domain.Ticket, error) {
	return s.follow(ctx, sc, id, bson.M{"$pull": bson.M{"followers": userID}, "$set": bson.M{"updated_at": now}})
}

func (s *Tickets) follow(ctx ctxT, sc domain.Scope, id string, upd bson.M) (domain.Ticket, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Ticket{}, err
	}
	f, err := scopeFilter(sc)
	if err != nil {
		return domain.Ticket{}, err
	}
	f["_id"] = oid
	var d ticketDoc
	err = s.coll.FindOneAndUpdate(ctx, f, upd, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return domain.Ticket{}, fmt.Errorf("ticket %s followers: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}
