package domain

import (
	"fmt"
	"slices"
	"time"

	"github.com/copydesk/copydesk/pkg/content"
	"github.com/copydesk/copydesk/pkg/textset"
)

// Types are the ticket types (shared with the campaigns service's plans).
var Types = content.TicketTypes

// Priorities, lowest first (their index is the sort rank).
var Priorities = []string{"low", "normal", "high", "urgent"}

// Statuses of the workflow.
const (
	StatusOpen             = "open"
	StatusInProgress       = "in_progress"
	StatusInReview         = "in_review"
	StatusChangesRequested = "changes_requested"
	StatusApproved         = "approved"
	StatusPublished        = "published"
	StatusClosed           = "closed"
	StatusCancelled        = "cancelled"
)

// Statuses lists every status in workflow order.
var Statuses = []string{StatusOpen, StatusInProgress, StatusInReview, StatusChangesRequested,
	StatusApproved, StatusPublished, StatusClosed, StatusCancelled}

// doneStatuses are the statuses in which a ticket is no longer overdue.
var doneStatuses = []string{StatusPublished, StatusClosed, StatusCancelled}

// Limits of ticket fields.
const (
	MaxTitle       = 200
	MaxDescription = 20000
	MaxTags        = textset.MaxTags
	MaxTag         = textset.MaxTag
	MaxNote        = 2000
	MaxComment     = 10000
)

// Ticket is a content request.
type Ticket struct {
	ID          string
	CompanyID   string
	Number      int64
	Title       string
	Description string
	Type        string
	Priority    string
	Status      string
	DueAt       *time.Time
	Tags        []string
	CampaignID  string
	AgentID     string
	AssigneeID  string
	Followers   []string
	CreatedBy   string
	Archived    bool
	Deleted     bool
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Publication is the ticket's WordPress post (nil: never published).
	Publication *Publication
	// Pending are the events of changes whose side records (history,
	// notifications, webhook outbox) the relay has not yet written
	// (relay.go). Never shown to clients.
	Pending []PendingEvent
}

// Ref is the public number, e.g. "T-12".
func (t Ticket) Ref() string { return fmt.Sprintf("T-%d", t.Number) }

// Follows reports whether user follows t.
func (t Ticket) Follows(user string) bool { return slices.Contains(t.Followers, user) }

// PriorityRank orders priorities for sorting (low = 0).
func PriorityRank(p string) int { return slices.Index(Priorities, p) }

// Changes are the fields a store update sets; nil pointers are untouched.
// Every update bumps the version and updated_at.
type Changes struct {
	Title       *string
	Description *string
	Type        *string
	Priority    *string
	Status      *string
	DueAt       *time.Time
	ClearDueAt  bool
	Tags        *[]string
	CampaignID  *string
	AgentID     *string
	AssigneeID  *string
	Archived    *bool
	Deleted     bool
	// AddFollower is added to the followers (set semantics).
	AddFollower string
	// RemoveFollower is removed from the followers (exact value).
	RemoveFollower string
	// Publication replaces the publication record.
	Publication *Publication
	// Events are appended to the ticket's pending events in the same
	// write (relay.go).
	Events    []PendingEvent
	UpdatedAt time.Time
}
