package domain

import (
	"errors"
	"log/slog"
	"time"
)

// Deps are the service's collaborators.
type Deps struct {
	Tickets       TicketStore
	Activity      ActivityStore
	Notifications NotificationStore
	Webhooks      WebhookStore
	Drafts        DraftStore
	Agents        AgentChecker
	Campaigns     CampaignChecker
	Directory     Directory
	URLGuard      URLGuard
	// Publisher writes WordPress posts (the agents service); Locks
	// serialise publishes of a ticket.
	Publisher Publisher
	Locks     PublishLocks
	Log       *slog.Logger
	// WebhooksPerCompany caps a company's active webhooks (default 10).
	WebhooksPerCompany int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service implements the use cases of the tickets service.
type Service struct {
	tickets       TicketStore
	activity      ActivityStore
	notes         NotificationStore
	hooks         WebhookStore
	drafts        DraftStore
	agentCheck    AgentChecker
	campaignCheck CampaignChecker
	dir           Directory
	guard         URLGuard
	publisher     Publisher
	locks         PublishLocks
	log           *slog.Logger
	maxHooks      int
	now           func() time.Time
}

// New checks deps and returns the service.
func New(d Deps) (*Service, error) {
	if d.Tickets == nil || d.Activity == nil || d.Notifications == nil || d.Webhooks == nil || d.Drafts == nil || d.Agents == nil || d.Campaigns == nil ||
		d.Directory == nil || d.URLGuard == nil || d.Publisher == nil || d.Locks == nil || d.Log == nil {
		return nil, errors.New("tickets domain: missing dependency")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.WebhooksPerCompany <= 0 {
		d.WebhooksPerCompany = 10
	}
	return &Service{
		tickets: d.Tickets, activity: d.Activity, notes: d.Notifications, hooks: d.Webhooks, drafts: d.Drafts, agentCheck: d.Agents, campaignCheck: d.Campaigns,
		dir: d.Directory, guard: d.URLGuard, publisher: d.Publisher, locks: d.Locks, log: d.Log, maxHooks: d.WebhooksPerCompany, now: func() time.Time { return d.Now().UTC().Truncate(time.Millisecond) }, // what Mongo stores
	}, nil
}
