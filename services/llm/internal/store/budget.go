package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
)

// budgetDoc is a company's budget; a zero or missing field takes the
// platform default (domain/ceiling.go).
type budgetDoc struct {
	CompanyID                string    `bson:"company_id"`
	MonthlyBudgetMicros      int64     `bson:"monthly_budget_micros"`
	RequestsPerMinute        int64     `bson:"requests_per_minute"`
	CeilingMonthlyMicros     int64     `bson:"ceiling_monthly_budget_micros,omitempty"`
	CeilingRequestsPerMinute int64     `bson:"ceiling_requests_per_minute,omitempty"`
	AllowedModels            []string  `bson:"allowed_models,omitempty"`
	UpdatedAt                time.Time `bson:"updated_at"`
}

func (d budgetDoc) domain() domain.Budget {
	return domain.Budget{CompanyID: d.CompanyID, MonthlyBudgetMicros: d.MonthlyBudgetMicros,
		RequestsPerMinute: int(d.RequestsPerMinute), CeilingMonthlyMicros: d.CeilingMonthlyMicros,
		CeilingRequestsPerMinute: int(d.CeilingRequestsPerMinute), AllowedModels: d.AllowedModels, UpdatedAt: d.UpdatedAt}
}

// GetBudget reads the company's budget.
func (s *Store) GetBudget(ctx context.Context, companyID string) (domain.Budget, bool, error) {
	if companyID == "" {
		return domain.Budget{}, false, fmt.Errorf("find budget: %w", errNoTenant)
	}
	var d budgetDoc
	err := s.db.Collection(collBudgets).FindOne(ctx, bson.M{"company_id": companyID}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return domain.Budget{}, false, nil
	}
	if err != nil {
		return domain.Budget{}, false, fmt.Errorf("find budget: %w", err)
	}
	return d.domain(), true, nil
}

// UpdateBudget sets the given fields, creating the budget if needed (one
// atomic upsert; the unique index on company_id guards races: a
// concurrent first upsert that loses is retried once as an update).
func (s *Store) UpdateBudget(ctx context.Context, companyID string, u domain.BudgetUpdate, now time.Time) (domain.Budget, error) {
	if companyID == "" {
		return domain.Budget{}, fmt.Errorf("upsert budget: %w", errNoTenant)
	}
	set := bson.M{"updated_at": now}
	if u.MonthlyBudgetMicros != nil {
		set["monthly_budget_micros"] = *u.MonthlyBudgetMicros
	}
	if u.RequestsPerMinute != nil {
		set["requests_per_minute"] = int64(*u.RequestsPerMinute)
	}
	if u.CeilingMonthlyMicros != nil {
		set["ceiling_monthly_budget_micros"] = *u.CeilingMonthlyMicros
	}
	if u.CeilingRequestsPerMinute != nil {
		set["ceiling_requests_per_minute"] = int64(*u.CeilingRequestsPerMinute)
	}
	upd := bson.M{"$set": set, "$setOnInsert": bson.M{"company_id": companyID}}
	if m := u.AllowedModels; m != nil && len(*m) > 0 {
		set["allowed_models"] = *m
	} else if m != nil {
		upd["$unset"] = bson.M{"allowed_models": ""}
	}
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	var d budgetDoc
	err := s.db.Collection(collBudgets).FindOneAndUpdate(ctx, bson.M{"company_id": companyID}, upd, opts).Decode(&d)
	if mongox.IsDuplicateKey(err) {
		err = s.db.Collection(collBudgets).FindOneAndUpdate(ctx, bson.M{"company_id": companyID}, upd, opts).Decode(&d)
	}
	if err != nil {
		return domain.Budget{}, fmt.Errorf("upsert budget: %w", err)
	}
	return d.domain(), nil
}

// CountRequest claims the next request slot of (company, minute) and
// returns its number, i.e. the count of requests so far this minute. Slots
// are inserts (mongox.NextNumber), exact under concurrency on MongoDB and
// FerretDB alike; a $inc counter loses increments on FerretDB, whose
// updates are not atomic.
func (s *Store) CountRequest(ctx context.Context, companyID string, minute time.Time) (int, error) {
	if companyID == "" {
		return 0, fmt.Errorf("count request: %w", errNoTenant)
	}
	n, err := mongox.NextNumber(ctx, s.db.Collection(collSlots), companyID+"@"+minute.UTC().Format(time.RFC3339))
	if err != nil {
		return 0, fmt.Errorf("count request: %w", err)
	}
	return int(n), nil
}

// PurgeCounters deletes request slots claimed before t - 2 minutes (their
// minute is over) and the counters of earlier versions.
func (s *Store) PurgeCounters(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.db.Collection(collSlots).DeleteMany(ctx, bson.M{"claimed_at": bson.M{"$lt": t.Add(-2 * time.Minute)}})
	if err != nil {
		return 0, fmt.Errorf("purge request slots: %w", err)
	}
	old, err := s.db.Collection(collCounters).DeleteMany(ctx, bson.M{"expires_at": bson.M{"$lt": t}})
	if err != nil {
		return 0, fmt.Errorf("purge counters: %w", err)
	}
	return res.DeletedCount + old.DeletedCount, nil
}
