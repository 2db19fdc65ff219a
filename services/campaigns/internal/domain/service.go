package domain

import (
	"errors"
	"log/slog"
	"time"
)

// Deps are the service's collaborators.
type Deps struct {
	Campaigns CampaignStore
	History   HistoryStore
	Directory Directory
	Tickets   TicketCounter
	Agents    AgentChecker
	Log       *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service implements the use cases of the campaigns service.
type Service struct {
	campaigns CampaignStore
	history   HistoryStore
	dir       Directory
	tickets   TicketCounter
	agents    AgentChecker
	log       *slog.Logger
	now       func() time.Time
}

// New checks deps and returns the service.
func New(d Deps) (*Service, error) {
	if d.Campaigns == nil || d.History == nil || d.Directory == nil || d.Tickets == nil || d.Agents == nil || d.Log == nil {
		return nil, errors.New("campaigns domain: missing dependency")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{
		campaigns: d.Campaigns, history: d.History, dir: d.Directory, tickets: d.Tickets, agents: d.Agents,
		log: d.Log, now: func() time.Time { return d.Now().UTC().Truncate(time.Millisecond) },
	}, nil
}
