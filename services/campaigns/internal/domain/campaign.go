package domain

import (
	"time"

	"github.com/copydesk/copydesk/pkg/textset"
)

// Statuses of a campaign.
const (
	StatusDraft     = "draft"
	StatusScheduled = "scheduled"
	StatusActive    = "active"
	StatusPaused    = "paused"
	StatusCompleted = "completed"
	StatusArchived  = "archived"
)

// Statuses lists every status in workflow order.
var Statuses = []string{StatusDraft, StatusScheduled, StatusActive, StatusPaused, StatusCompleted, StatusArchived}

// Channels are the places content of a campaign may go. The list is fixed
// so that filters and reports group reliably.
var Channels = []string{"blog", "social", "email", "web", "newsletter", "ads", "video", "podcast", "print", "events"}

// Limits of campaign fields.
const (
	MaxName        = 200
	MaxDescription = 20000
	MaxGoal        = 2000
	MaxAudience    = 2000
	MaxAgents      = 50
	MaxChannels    = 20
	MaxTags        = textset.MaxTags
	MaxTag         = textset.MaxTag
	MaxNote        = 2000
	// MaxBudgetCents is 2^53-1: budgets travel as JSON numbers (doubles),
	// exact up to there.
	MaxBudgetCents = 1<<53 - 1
	// DefaultCurrency is the currency of a campaign created without one.
	DefaultCurrency = "USD"
)

// Campaign groups content work toward one goal over a period.
type Campaign struct {
	ID          string
	CompanyID   string
	Name        string
	Description string
	Goal        string
	Status      string
	StartAt     *time.Time
	EndAt       *time.Time
	Channels    []string
	Audience    string
	BudgetCents int64
	Currency    string
	AgentIDs    []string
	Tags        []string
	OwnerID     string
	CreatedBy   string
	Deleted     bool
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Pending are history entries stored with the change that made them
	// and not yet relayed to the history (history.go). Never shown.
	Pending []HistoryEntry
}

// Changes are the fields a store update sets; nil pointers are untouched.
// Every update bumps the version and sets updated_at.
type Changes struct {
	Name        *string
	Description *string
	Goal        *string
	Status      *string
	StartAt     *time.Time
	EndAt       *time.Time
	ClearDates  bool
	Channels    *[]string
	Audience    *string
	BudgetCents *int64
	Currency    *string
	AgentIDs    *[]string
	Tags        *[]string
	OwnerID     *string
	Deleted     bool
	UpdatedAt   time.Time
	// History is appended to the campaign's pending entries in the same
	// write (history.go).
	History []HistoryEntry
}
