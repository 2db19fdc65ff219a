package domain

import (
	"context"
	"time"
)

// UsageRecord is one metered call.
type UsageRecord struct {
	CompanyID        string
	UserID           string
	Provider         string
	Model            string
	Kind             string // "completion", "stream" or "embedding"
	PromptTokens     int
	CompletionTokens int
	LatencyMS        int64
	CostMicros       int64
	CreatedAt        time.Time
}

// Budget is a company's limits as stored: its own limits (0: at the
// ceiling) and the ceilings and model allowlist a superadmin gave it (0 and
// nil: the platform default). Service.budget resolves them (ceiling.go).
type Budget struct {
	CompanyID                string
	MonthlyBudgetMicros      int64
	RequestsPerMinute        int
	CeilingMonthlyMicros     int64
	CeilingRequestsPerMinute int
	AllowedModels            []string
	UpdatedAt                time.Time // zero for the configured default
}

// BudgetUpdate carries the fields to change. AllowedModels set to an empty
// list restores the platform default.
type BudgetUpdate struct {
	MonthlyBudgetMicros      *int64
	RequestsPerMinute        *int
	CeilingMonthlyMicros     *int64
	CeilingRequestsPerMinute *int
	AllowedModels            *[]string
	// Platform: the caller is a superadmin, who alone may change ceilings
	// and the model allowlist.
	Platform bool
}

// Store is what the domain needs from the database. Every method takes the
// company it works on; "" is refused with an error.
type Store interface {
	RecordUsage(ctx context.Context, companyID string, r UsageRecord) error
	// SpendBetween sums cost_micros of the company's calls recorded in
	// [from, to).
	SpendBetween(ctx context.Context, companyID string, from, to time.Time) (int64, error)
	// ListUsage returns the company's records in [from, to).
	ListUsage(ctx context.Context, companyID string, from, to time.Time) ([]UsageRecord, error)
	// GetBudget returns the stored budget; found is false when none is.
	GetBudget(ctx context.Context, companyID string) (b Budget, found bool, err error)
	// UpdateBudget applies u (upsert) and returns the stored budget.
	UpdateBudget(ctx context.Context, companyID string, u BudgetUpdate, now time.Time) (Budget, error)
	// CountRequest claims the next request slot of the company's minute
	// starting at minute and returns its number (1 for the minute's first
	// request): the count so far, exact under concurrency, since
	// concurrent calls never get the same number.
	CountRequest(ctx context.Context, companyID string, minute time.Time) (int, error)
}
