package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// campaignSortFields maps public sort names to document fields.
var campaignSortFields = map[string]string{
	"name": "name", "status": "status", "start_at": "start_at", "end_at": "end_at",
	"budget_cents": "budget_cents", "created_at": "created_at", "updated_at": "updated_at",
}

// List returns a page of campaigns in scope matching lf, and the total.
func (s *Campaigns) List(ctx ctxT, sc domain.Scope, lf domain.ListFilter, p domain.Page) ([]domain.Campaign, int64, error) {
	f, err := mongox.LiveFilter(sc)
	if err != nil {
		return nil, 0, err
	}
	if lf.Channel != "" && lf.Tag != "" && sc.AllCompanies {
		// Within one company the channel's index serves it and the tag is
		// checked on that company's campaigns of the channel; across
		// companies that would be every company's (docs/indexes.md).
		return nil, 0, errs.New(errs.ErrBadRequest, "tag together with channel needs a company (company_id): across companies no index serves it")
	}
	if len(lf.Statuses) > 0 {
		f["status"] = bson.M{"$in": lf.Statuses}
	}
	for key, v := range map[string]string{"tags": lf.Tag, "owner_id": lf.OwnerID, "channels": lf.Channel} {
		if v != "" {
			f[key] = v
		}
	}
	if lf.Q != "" && sc.AllCompanies {
		f["name_lower"] = mongox.PrefixRegex(lf.Q) // across companies: a key filter of all_created_at
	} else if lf.Q != "" {
		f["name"] = mongox.ContainsRegex(lf.Q) // one company: a bounded substring scan
	}
	// Overlap of [start_at, end_at] with [From, To]: starts before the
	// range ends and ends after it starts. Both dates must be set.
	if lf.From != nil || lf.To != nil {
		start, end := bson.M{"$ne": nil}, bson.M{"$ne": nil}
		if lf.To != nil {
			start["$lte"] = lf.To.UTC()
		}
		if lf.From != nil {
			end["$gte"] = lf.From.UTC()
		}
		f["start_at"], f["end_at"] = start, end
	}
	cs, total, err := mongox.List(ctx, s.coll, f, mongox.ScopedPage(sc, mongox.ByField(p, campaignSortFields, "created_at")), campaignDoc.domain)
	if err != nil {
		return nil, 0, fmt.Errorf("list campaigns: %w", err)
	}
	return cs, total, nil
}

// DueToStart lists scheduled campaigns whose start_at has come, across
// companies (scheduler only), earliest first.
func (s *Campaigns) DueToStart(ctx ctxT, now time.Time, limit int64) ([]domain.Campaign, error) {
	return s.due(ctx, bson.M{"status": domain.StatusScheduled, "deleted": false, "start_at": bson.M{"$lte": now.UTC()}}, "start_at", limit)
}

// DueToEnd lists active campaigns whose end_at has passed, across
// companies (scheduler only), earliest first.
func (s *Campaigns) DueToEnd(ctx ctxT, now time.Time, limit int64) ([]domain.Campaign, error) {
	return s.due(ctx, bson.M{"status": domain.StatusActive, "deleted": false, "end_at": bson.M{"$lt": now.UTC()}}, "end_at", limit)
}

func (s *Campaigns) due(ctx ctxT, f bson.M, field string, limit int64) ([]domain.Campaign, error) {
	cs, err := mongox.FindAll(ctx, s.coll, f, options.Find().SetSort(bson.D{{Key: field, Value: 1}, {Key: "_id", Value: 1}}).SetLimit(limit), campaignDoc.domain)
	if err != nil {
		return nil, fmt.Errorf("due campaigns: %w", err)
	}
	return cs, nil
}
