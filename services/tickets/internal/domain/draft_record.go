package domain

import (
	"context"
	"errors"
	"fmt"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// draftAdded is the pending event of a stored draft. Its id derives from
// the draft's, so recording the draft again (the relay job after a crash
// between the draft and the ticket write) makes no second record.
func draftAdded(t Ticket, d Draft) PendingEvent {
	return PendingEvent{ID: ids.Derive(d.ID, "draft_added"), ActorID: d.CreatedBy, At: d.CreatedAt,
		Action: "draft_added", Field: "drafts", To: fmt.Sprintf("%d", d.Number), Note: "agent " + d.AgentID,
		Notify: NotifyDraftAdded, Message: fmt.Sprintf("Draft %d of %s is ready", d.Number, t.Ref())}
}

// recordDraft stores the event of the draft d on the ticket and moves an
// open ticket to in_progress when p may take that step (one write, with
// both events), retrying on a concurrent write, then marks d recorded and
// relays; it returns the ticket as it now is. The draft is already stored:
// a failure here is logged, never returned, and the relay job records the
// draft later (without the status move).
func (s *Service) recordDraft(ctx context.Context, p principal.Principal, sc Scope, t Ticket, d Draft) Ticket {
	to := StatusInProgress
	for range draftMoves {
		var nt Ticket
		var err error
		if t.Status != StatusOpen || CheckTransition(p, t, to) != nil {
			nt, err = s.tickets.Append(ctx, sc, t.ID, t.Version, []PendingEvent{draftAdded(t, d)})
		} else {
			now := s.now()
			moved := events(p, now, change{
				action: "status_changed", field: "status", from: StatusOpen, to: StatusInProgress, note: "draft added",
				notify: NotifyStatusChanged, event: EventStatusChanged,
				message: fmt.Sprintf("%s moved from %s to %s", t.Ref(), StatusOpen, StatusInProgress),
			})
			nt, err = s.tickets.Update(ctx, sc, t.ID, t.Version, Changes{Status: &to, UpdatedAt: now,
				Events: append([]PendingEvent{draftAdded(t, d)}, moved...)})
		}
		if err == nil {
			if err := s.drafts.Recorded(ctx, d.ID); err != nil {
				s.log.WarnContext(ctx, "draft: not marked recorded (the relay job will)", "draft_id", d.ID, "error", err.Error())
			}
			return s.relay(ctx, nt)
		}
		if !errors.Is(err, errs.ErrConflict) {
			s.log.ErrorContext(ctx, "draft: not recorded on the ticket (the relay job will)", "ticket_id", t.ID, "error", err.Error())
			return t
		}
		cur, err := s.tickets.Get(ctx, sc, t.ID)
		if err != nil {
			s.log.ErrorContext(ctx, "draft: ticket not re-read", "ticket_id", t.ID, "error", err.Error())
			return t
		}
		t = cur
	}
	s.log.ErrorContext(ctx, "draft: ticket changing too fast (the relay job records the draft)", "ticket_id", t.ID)
	return t
}

// recordPendingDrafts records drafts whose ticket write never happened
// (RelayPending): each draft's event is appended to its ticket (a deleted
// ticket records nothing) and relayed, and the draft marked recorded.
func (s *Service) recordPendingDrafts(ctx context.Context, ds []Draft) error {
	var failed []error
	every := Scope{Scope: tenancy.EveryCompany()}
	for _, d := range ds {
		err := errs.ErrConflict
		for try := 0; try < draftMoves && errors.Is(err, errs.ErrConflict); try++ {
			var t Ticket
			if t, err = s.tickets.Get(ctx, every, d.TicketID); err != nil {
				break
			}
			if t, err = s.tickets.Append(ctx, every, t.ID, t.Version, []PendingEvent{draftAdded(t, d)}); err == nil {
				s.relay(ctx, t)
			}
		}
		if err != nil && !errors.Is(err, errs.ErrNotFound) {
			failed = append(failed, fmt.Errorf("draft %s: %w", d.ID, err))
			continue
		}
		if err := s.drafts.Recorded(ctx, d.ID); err != nil {
			failed = append(failed, err)
		}
	}
	return errors.Join(failed...)
}
