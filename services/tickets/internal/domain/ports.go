package domain

import (
	"context"
	"time"

	"github.com/copydesk/copydesk/pkg/history"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Scope says whose tickets a store call may touch: the tenant scope of
// pkg/tenancy (one company, or every company for a superadmin) and, for
// clients, the tickets they created or follow. It is built from the
// principal by the domain (scopeFor) and applied by the store on every
// query, so no handler can forget it.
type Scope struct {
	tenancy.Scope
	// VisibleTo, when set, limits tickets to those the user created or
	// follows (clients).
	VisibleTo string
}

// Page is a validated skip/limit/sort/order; Sort is a public field name.
type Page = listing.Page

// ListFilter filters ticket lists; zero values do not filter.
type ListFilter struct {
	Statuses   []string
	AssigneeID string
	CreatedBy  string
	CampaignID string
	Priority   string
	Type       string
	Tag        string
	Archived   bool
	Q          string
	DueBefore  *time.Time
	DueAfter   *time.Time
	// MineOf keeps tickets assigned to or followed by this user.
	MineOf string
}

// Counts are a campaign's ticket counts.
type Counts struct {
	Total    int64
	ByStatus map[string]int64
	Overdue  int64
}

// TicketStore keeps tickets. Every method filters by the scope; a ticket
// outside it is errs.ErrNotFound. Deleted tickets are never returned.
type TicketStore interface {
	// Create stores t with the next number of its company (never reused,
	// also under concurrent creates) and returns it with id and number.
	Create(ctx context.Context, t Ticket) (Ticket, error)
	// CreateOnce is Create under an idempotency key of t's company: of
	// every call with the key, also concurrent ones and retries after a
	// crash, exactly one creates the ticket (created true); the others
	// return that ticket.
	CreateOnce(ctx context.Context, t Ticket, key string) (Ticket, bool, error)
	Get(ctx context.Context, s Scope, id string) (Ticket, error)
	List(ctx context.Context, s Scope, f ListFilter, p Page) ([]Ticket, int64, error)
	// Update applies ch when the stored version equals version (required,
	// ≥ 1: the version the caller read), bumps the version and returns the
	// new ticket. Of concurrent writers of one version exactly one wins;
	// the others get errs.ErrConflict. A missing ticket is
	// errs.ErrNotFound.
	Update(ctx context.Context, s Scope, id string, version int64, ch Changes) (Ticket, error)
	// Append adds events to the pending events of the ticket at version
	// (which it does not move: no change a client sees) and returns the
	// ticket; a concurrent writer makes it errs.ErrConflict.
	Append(ctx context.Context, s Scope, id string, version int64, events []PendingEvent) (Ticket, error)
	// ClearPending removes the pending events named done from the ticket
	// id (any company) at version, without moving the version, and
	// returns the ticket; errs.ErrConflict when it moved meanwhile.
	ClearPending(ctx context.Context, id string, version int64, done []string) (Ticket, error)
	// Pending lists tickets of every company, deleted ones too, that hold
	// pending events since at or before `before`, oldest first.
	Pending(ctx context.Context, before time.Time, limit int) ([]Ticket, error)
	// CountByCampaign counts non-deleted tickets of a campaign.
	CountByCampaign(ctx context.Context, companyID, campaignID string, now time.Time, done []string) (Counts, error)
}

// ActivityStore keeps comments and history (history.Store), by the
// ticket's company.
type ActivityStore interface {
	InsertComment(ctx context.Context, c Comment) (Comment, error)
	ListComments(ctx context.Context, companyID, ticketID string, p Page) ([]Comment, int64, error)
	history.Store
}

// NotificationStore keeps notifications; every read or write is limited to
// one recipient (and their company, unless Recipient.AnyCompany).
type NotificationStore interface {
	InsertNotifications(ctx context.Context, ns []Notification) error
	ListNotifications(ctx context.Context, r Recipient, unread *bool, p Page) ([]Notification, int64, error)
	CountUnread(ctx context.Context, r Recipient) (int64, error)
	MarkRead(ctx context.Context, r Recipient, id string, now time.Time) (Notification, error)
	MarkAllRead(ctx context.Context, r Recipient, now time.Time) (int64, error)
}

// WebhookStore keeps webhooks and the outbox of their events.
type WebhookStore interface {
	CreateWebhook(ctx context.Context, w Webhook) (Webhook, error)
	GetWebhook(ctx context.Context, s Scope, id string) (Webhook, error)
	ListWebhooks(ctx context.Context, s Scope, active *bool, p Page) ([]Webhook, int64, error)
	UpdateWebhook(ctx context.Context, s Scope, id string, ch WebhookChanges) (Webhook, error)
	DeleteWebhook(ctx context.Context, s Scope, id string) (Webhook, error)
	// ActiveWebhooks lists a company's active webhooks.
	ActiveWebhooks(ctx context.Context, companyID string) ([]Webhook, error)
	// Enqueue adds events to the outbox.
	Enqueue(ctx context.Context, events []OutboxEvent) error
}

// Directory reads users (assignees) and companies (a superadmin's target)
// from the users service: the shared port of pkg/tenancy.
type Directory = tenancy.Directory

// URLGuard refuses webhook URLs that point at non-public addresses.
type URLGuard interface {
	CheckURL(ctx context.Context, rawURL string) error
}
