package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// ticketSortFields maps public sort names to document fields.
var ticketSortFields = map[string]string{
	"number": "number", "title": "title", "status": "status", "priority": "priority_rank",
	"due_at": "due_at", "created_at": "created_at", "updated_at": "updated_at",
}

// List returns a page of tickets in scope matching f, and the total.
func (s *Tickets) List(ctx ctxT, sc domain.Scope, lf domain.ListFilter, p domain.Page) ([]domain.Ticket, int64, error) {
	f, err := scopeFilter(sc)
	if err != nil {
		return nil, 0, err
	}
	if lf.Tag != "" && lf.MineOf != "" && sc.AllCompanies {
		// The followers branch of "mine" is served by the index of one
		// follower; its tag is checked on each followed ticket, which
		// docs/indexes.md accepts within one company only.
		return nil, 0, errs.New(errs.ErrBadRequest, "tag together with mine needs a company (company_id): across companies no index serves it")
	}
	if lf.MineOf != "" {
		mine := bson.A{bson.M{"assignee_id": lf.MineOf}, bson.M{"followers": lf.MineOf}}
		if vis, ok := f["$or"]; ok {
			delete(f, "$or")
			f["$and"] = bson.A{bson.M{"$or": vis}, bson.M{"$or": mine}}
		} else {
			f["$or"] = mine
		}
	}
	if len(lf.Statuses) > 0 {
		f["status"] = bson.M{"$in": lf.Statuses}
	}
	for key, v := range map[string]string{
		"assignee_id": lf.AssigneeID, "created_by": lf.CreatedBy, "campaign_id": lf.CampaignID,
		"priority": lf.Priority, "type": lf.Type, "tags": lf.Tag,
	} {
		if v != "" {
			f[key] = v
		}
	}
	f["archived"] = lf.Archived
	if lf.Q != "" && sc.AllCompanies {
		f["title_lower"] = mongox.PrefixRegex(lf.Q) // across companies: a key filter of all_created_at
	} else if lf.Q != "" {
		f["title"] = mongox.ContainsRegex(lf.Q) // one company: a bounded substring scan
	}
	if lf.DueBefore != nil || lf.DueAfter != nil {
		due := bson.M{}
		if lf.DueBefore != nil {
			due["$lt"] = lf.DueBefore.UTC()
		}
		if lf.DueAfter != nil {
			due["$gt"] = lf.DueAfter.UTC()
		}
		f["due_at"] = due
	}
	ts, total, err := mongox.List(ctx, s.coll, f, mongox.ScopedPage(sc.Scope, mongox.ByField(p, ticketSortFields, "created_at")), ticketDoc.domain)
	if err != nil {
		return nil, 0, fmt.Errorf("list tickets: %w", err)
	}
	return ts, total, nil
}

// CountByCampaign counts a campaign's non-deleted tickets by status (one
// $group with one $sum, as FerretDB allows) and the overdue ones.
func (s *Tickets) CountByCampaign(ctx ctxT, company, campaignID string, now time.Time, done []string) (domain.Counts, error) {
	if err := mongox.RequireTenant(company); err != nil {
		return domain.Counts{}, err
	}
	match := bson.M{"company_id": company, "campaign_id": campaignID, "deleted": false}
	cur, err := s.coll.Aggregate(ctx, bson.A{
		bson.M{"$match": match},
		bson.M{"$group": bson.M{"_id": "$status", "n": bson.M{"$sum": 1}}},
	})
	if err != nil {
		return domain.Counts{}, fmt.Errorf("count tickets: %w", err)
	}
	var rows []struct {
		Status string `bson:"_id"`
		N      int64  `bson:"n"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return domain.Counts{}, fmt.Errorf("count tickets: %w", err)
	}
	c := domain.Counts{ByStatus: map[string]int64{}}
	for _, r := range rows {
		c.ByStatus[r.Status] = r.N
		c.Total += r.N
	}
	over := bson.M{"due_at": bson.M{"$lt": now.UTC()}, "status": bson.M{"$nin": done}}
	for k, v := range match {
		over[k] = v
	}
	if c.Overdue, err = s.coll.CountDocuments(ctx, over); err != nil {
		return domain.Counts{}, fmt.Errorf("count overdue tickets: %w", err)
	}
	return c, nil
}
