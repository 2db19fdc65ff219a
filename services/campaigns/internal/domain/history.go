package domain

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/history"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// HistoryEntry is one recorded change of a campaign (EntityID): by a
// person (ActorID) or by the scheduler (Automatic), with the version the
// change produced.
type HistoryEntry = history.Entry

// change is one history record before it gets its campaign and actor.
type change struct {
	action, field, from, to, note string
}

// entries are the history entries of a change made at `at` by the user
// actorID, or by the scheduler (actorID ""), that produces `version`.
// They are stored in the campaign by the write that makes the change
// (there are no multi-document transactions) and each has its id, which
// the history entry keeps: relaying them twice stores them once.
func entries(actorID string, at time.Time, version int64, recs ...change) []HistoryEntry {
	out := make([]HistoryEntry, 0, len(recs))
	for _, r := range recs {
		out = append(out, HistoryEntry{ID: ids.New(at), ActorID: actorID, Automatic: actorID == "", At: at,
			Action: r.action, Field: r.field, From: r.from, To: r.to, Note: r.note, Version: version})
	}
	return out
}

// relayTimeout bounds a relay on the request path; it outlives a client
// that disconnects.
const relayTimeout = 10 * time.Second

// relay moves c's pending entries to the history right after the write
// that stored them, and returns c without them. A failure is logged, not
// returned: the change and its entries are stored, and RelayPending
// finishes the job.
func (s *Service) relay(ctx context.Context, c Campaign) Campaign {
	if len(c.Pending) == 0 {
		return c
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), relayTimeout)
	defer cancel()
	nc, err := s.relayCampaign(ctx, c)
	if err != nil {
		s.log.WarnContext(ctx, "campaign history delayed; the relay job retries", "campaign_id", c.ID, "error", err.Error())
		return c
	}
	return nc
}

// relayCampaign appends c's pending entries to the history (each under
// its id: one stored already counts as done), then clears them from c.
func (s *Service) relayCampaign(ctx context.Context, c Campaign) (Campaign, error) {
	es := make([]HistoryEntry, 0, len(c.Pending))
	done := make([]string, 0, len(c.Pending))
	for _, e := range c.Pending {
		e.CompanyID, e.EntityID = c.CompanyID, c.ID
		es = append(es, e)
		done = append(done, e.ID)
	}
	if err := s.history.AppendHistory(ctx, es); err != nil {
		return c, fmt.Errorf("history: %w", err)
	}
	return s.campaigns.ClearPending(ctx, c.ID, c.Version, done)
}

// RelayPending relays the entries of up to limit campaigns that have held
// them since `before` or longer (a request or scheduler step that died
// between its write and its relay) and returns how many it relayed. main
// runs it periodically (RelayJob).
func (s *Service) RelayPending(ctx context.Context, before time.Time, limit int) (int, error) {
	cs, err := s.campaigns.Pending(ctx, before, limit)
	if err != nil {
		return 0, fmt.Errorf("list pending history: %w", err)
	}
	n := 0
	var failed []error
	for _, c := range cs {
		if _, err := s.relayCampaign(ctx, c); err != nil && !errors.Is(err, errs.ErrConflict) {
			failed = append(failed, fmt.Errorf("campaign %s: %w", c.ID, err))
			continue
		}
		n++
	}
	return n, errors.Join(failed...)
}

// RelayJob is main's periodic RelayPending of the entries pending for
// longer than grace (requests relay their own at once).
func (s *Service) RelayJob(grace time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := s.RelayPending(ctx, s.now().Add(-grace), 100)
		return err
	}
}

// History lists the history of a campaign p may see.
func (s *Service) History(ctx context.Context, p principal.Principal, id string, pg Page) ([]HistoryEntry, int64, error) {
	c, _, err := s.get(ctx, p, id)
	if err != nil {
		return nil, 0, err
	}
	return s.history.ListHistory(ctx, c.CompanyID, c.ID, pg)
}
