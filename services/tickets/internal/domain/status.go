package domain

import (
	"context"
	"fmt"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// ChangeStatus takes one workflow step (see Workflow and CheckTransition).
// Of two concurrent steps from the same version exactly one wins; the
// other is 409 and changes nothing.
func (s *Service) ChangeStatus(ctx context.Context, p principal.Principal, id, to, note string, version int64) (Ticket, error) {
	var v errs.Validator
	v.OneOf("status", to, Statuses)
	v.Check(len(note) <= MaxNote, "note", "string_too_long", "note must be at most %d characters", MaxNote)
	if err := v.Err(); err != nil {
		return Ticket{}, err
	}
	t, sc, err := s.get(ctx, p, id)
	if err != nil {
		return Ticket{}, err
	}
	if err := checkVersion(t, version); err != nil {
		return Ticket{}, err
	}
	if err := CheckTransition(p, t, to); err != nil {
		return Ticket{}, err
	}
	now := s.now()
	nt, err := s.tickets.Update(ctx, sc, t.ID, version, Changes{Status: &to, UpdatedAt: now, Events: events(p, now, change{
		action: "status_changed", field: "status", from: t.Status, to: to, note: note,
		notify: NotifyStatusChanged, event: EventStatusChanged,
		message: fmt.Sprintf("%s moved from %s to %s", t.Ref(), t.Status, to),
	})})
	if err != nil {
		return Ticket{}, err
	}
	return s.relay(ctx, nt), nil
}
