// Package store keeps the LLM service's data in MongoDB (the subset of
// shared/MONGO_SUBSET.md): one document per metered call (usage), one
// budget per company (budgets), and per-company per-minute request
// counters (rate_counters, purged periodically since TTL indexes are not
// available). Every method takes the company it works on and refuses ""
// (never "every company").
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

// Collection names.
const (
	collUsage    = "usage"
	collBudgets  = "budgets"
	collCounters = "rate_counters" // versions 1–3; superseded by request_slots
	collSlots    = "request_slots"
)

// Migrations are the service's numbered database changes.
var Migrations = []mongox.Migration{
	{Version: 1, Description: "usage by company and time", Up: mongox.Indexes(collUsage,
		mongo.IndexModel{Keys: bson.D{{Key: "company_id", Value: 1}, {Key: "created_at", Value: 1}}, Options: options.Index().SetName("company_created")})},
	{Version: 2, Description: "one budget per company", Up: mongox.Indexes(collBudgets,
		mongo.IndexModel{Keys: bson.D{{Key: "company_id", Value: 1}}, Options: options.Index().SetName("company_unique").SetUnique(true)})},
	{Version: 3, Description: "rate counters purge index", Up: mongox.Indexes(collCounters,
		mongo.IndexModel{Keys: bson.D{{Key: "expires_at", Value: 1}}, Options: options.Index().SetName("expires_at")})},
	{Version: 4, Description: "request slots: sequence and purge indexes", Up: mongox.Indexes(collSlots,
		mongox.SequenceIndex(),
		mongo.IndexModel{Keys: bson.D{{Key: "claimed_at", Value: 1}}, Options: options.Index().SetName("claimed_at")})},
	{Version: 5, Description: "request slots in the one claim format (sequence index on key, n)", Up: mongox.Indexes(collSlots,
		mongox.SequenceIndex())},
}

// Store implements domain.Store.
type Store struct{ db *mongo.Database }

// New returns a store on db.
func New(db *mongo.Database) *Store { return &Store{db: db} }

var _ domain.Store = (*Store)(nil)

type usageDoc struct {
	ID               bson.ObjectID `bson:"_id"`
	CompanyID        string        `bson:"company_id"`
	UserID           string        `bson:"user_id"`
	Provider         string        `bson:"provider"`
	Model            string        `bson:"model"`
	Kind             string        `bson:"kind"`
	PromptTokens     int64         `bson:"prompt_tokens"`
	CompletionTokens int64         `bson:"completion_tokens"`
	LatencyMS        int64         `bson:"latency_ms"`
	CostMicros       int64         `bson:"cost_micros"`
	CreatedAt        time.Time     `bson:"created_at"`
}

// errNoTenant is a programming error: a call without a company. "" never
// means "every company" (nor a company named ""): every method refuses it.
var errNoTenant = errors.New("llm store: missing company")

// RecordUsage inserts one usage document.
func (s *Store) RecordUsage(ctx context.Context, companyID string, r domain.UsageRecord) error {
	if companyID == "" {
		return fmt.Errorf("record usage: %w", errNoTenant)
	}
	_, err := s.db.Collection(collUsage).InsertOne(ctx, usageDoc{
		ID: bson.NewObjectID(), CompanyID: companyID, UserID: r.UserID, Provider: r.Provider, Model: r.Model, Kind: r.Kind,
		PromptTokens: int64(r.PromptTokens), CompletionTokens: int64(r.CompletionTokens),
		LatencyMS: r.LatencyMS, CostMicros: r.CostMicros, CreatedAt: r.CreatedAt,
	})
	if err != nil {
		return fmt.Errorf("insert usage: %w", err)
	}
	return nil
}

// SpendBetween sums cost_micros with one $group of one $sum accumulator
// over the (company_id, created_at) index.
func (s *Store) SpendBetween(ctx context.Context, companyID string, from, to time.Time) (int64, error) {
	if companyID == "" {
		return 0, fmt.Errorf("sum spend: %w", errNoTenant)
	}
	cur, err := s.db.Collection(collUsage).Aggregate(ctx, mongo.Pipeline{
		{{Key: "$match", Value: bson.M{"company_id": companyID, "created_at": bson.M{"$gte": from, "$lt": to}}}},
		{{Key: "$group", Value: bson.M{"_id": nil, "total": bson.M{"$sum": "$cost_micros"}}}},
	})
	if err != nil {
		return 0, fmt.Errorf("sum spend: %w", err)
	}
	defer func() { _ = cur.Close(ctx) }()
	var out []struct {
		Total any `bson:"total"`
	}
	if err := cur.All(ctx, &out); err != nil {
		return 0, fmt.Errorf("sum spend: %w", err)
	}
	if len(out) == 0 {
		return 0, nil
	}
	switch v := out[0].Total.(type) {
	case int32:
		return int64(v), nil
	case int64:
		return v, nil
	case float64:
		return int64(v), nil
	}
	return 0, nil
}

// ListUsage returns the company's records in [from, to).
func (s *Store) ListUsage(ctx context.Context, companyID string, from, to time.Time) ([]domain.UsageRecord, error) {
	if companyID == "" {
		return nil, fmt.Errorf("find usage: %w", errNoTenant)
	}
	cur, err := s.db.Collection(collUsage).Find(ctx,
		bson.M{"company_id": companyID, "created_at": bson.M{"$gte": from, "$lt": to}},
		options.Find().SetProjection(bson.M{"user_id": 0, "latency_ms": 0}))
	if err != nil {
		return nil, fmt.Errorf("find usage: %w", err)
	}
	defer func() { _ = cur.Close(ctx) }()
	var out []domain.UsageRecord
	for cur.Next(ctx) {
		var d usageDoc
		if err := cur.Decode(&d); err != nil {
			return nil, fmt.Errorf("decode usage: %w", err)
		}
		out = append(out, domain.UsageRecord{CompanyID: d.CompanyID, Provider: d.Provider, Model: d.Model, Kind: d.Kind,
			PromptTokens: int(d.PromptTokens), CompletionTokens: int(d.CompletionTokens), CostMicros: d.CostMicros, CreatedAt: d.CreatedAt})
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("read usage: %w", err)
	}
	return out, nil
}
