package domain

import (
	"context"
	"time"

	"github.com/copydesk/copydesk/pkg/history"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Scope says whose campaigns a store call may touch (pkg/tenancy: one
// company, or every company for a superadmin). The domain builds it from
// the principal (scopeFor); the store applies it to every query.
type Scope = tenancy.Scope

// Page is a validated skip/limit/sort/order; Sort is a public field name.
type Page = listing.Page

// ListFilter filters campaign lists; zero values do not filter.
type ListFilter struct {
	Statuses []string
	Q        string
	Tag      string
	OwnerID  string
	Channel  string
	// From and To keep campaigns whose [start_at, end_at] overlaps
	// [From, To]; either end may be nil (open). Campaigns without dates
	// never overlap.
	From *time.Time
	To   *time.Time
}

// CampaignStore keeps campaigns. Every tenant method filters by the scope;
// a campaign outside it is errs.ErrNotFound. Deleted campaigns are never
// returned.
type CampaignStore interface {
	Create(ctx context.Context, c Campaign) (Campaign, error)
	Get(ctx context.Context, s Scope, id string) (Campaign, error)
	List(ctx context.Context, s Scope, f ListFilter, p Page) ([]Campaign, int64, error)
	// Update applies ch when the stored version equals version, bumps the
	// version and returns the new campaign. Of concurrent writers of one
	// version exactly one wins (on FerretDB too); the others get
	// errs.ErrConflict.
	Update(ctx context.Context, s Scope, id string, version int64, ch Changes) (Campaign, error)
	// ClearPending removes the pending entries named done from the
	// campaign id (any company, deleted too) at version without moving
	// the version; errs.ErrConflict when it moved meanwhile.
	ClearPending(ctx context.Context, id string, version int64, done []string) (Campaign, error)
	// Pending lists campaigns of every company, deleted ones too, holding
	// pending entries since at or before `before`, oldest first.
	Pending(ctx context.Context, before time.Time, limit int) ([]Campaign, error)
	// LiveIDs returns which of ids (canonical hex) are live campaigns of
	// company (a deleted campaign is not).
	LiveIDs(ctx context.Context, company string, ids []string) ([]string, error)
	// DueToStart lists, across companies, scheduled campaigns whose
	// start_at is at or before now (the scheduler's query; oldest first).
	DueToStart(ctx context.Context, now time.Time, limit int64) ([]Campaign, error)
	// DueToEnd lists, across companies, active campaigns whose end_at is
	// before now.
	DueToEnd(ctx context.Context, now time.Time, limit int64) ([]Campaign, error)
}

// HistoryStore keeps campaign history, by the campaign's company.
type HistoryStore = history.Store

// Directory reads users (owners) and companies (a superadmin's target)
// from the users service: the shared port of pkg/tenancy.
type Directory = tenancy.Directory

// TicketCounts are a campaign's ticket counts from the tickets service.
type TicketCounts struct {
	Total    int64
	ByStatus map[string]int64
	Overdue  int64
}

// TicketCounter counts a campaign's tickets (the tickets service's
// internal TicketStatsService), on behalf of the caller in ctx.
type TicketCounter interface {
	CountTickets(ctx context.Context, companyID, campaignID string) (TicketCounts, error)
}
