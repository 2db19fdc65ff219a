package domain

import (
	"context"
	"strconv"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// SetArchived sets or clears the archive flag (managers and admins).
// Archiving an archived ticket changes nothing.
func (s *Service) SetArchived(ctx context.Context, p principal.Principal, id string, archived bool, version int64) (Ticket, error) {
	if !isManager(p) {
		return Ticket{}, errs.ErrPermissionDenied
	}
	t, sc, err := s.get(ctx, p, id)
	if err != nil {
		return Ticket{}, err
	}
	if err := checkVersion(t, version); err != nil {
		return Ticket{}, err
	}
	if t.Archived == archived {
		return t, nil
	}
	action := "archived"
	if !archived {
		action = "unarchived"
	}
	now := s.now()
	nt, err := s.tickets.Update(ctx, sc, t.ID, version, Changes{Archived: &archived, UpdatedAt: now, Events: events(p, now,
		change{action: action, field: "archived", from: strconv.FormatBool(t.Archived), to: strconv.FormatBool(archived)})})
	if err != nil {
		return Ticket{}, err
	}
	return s.relay(ctx, nt), nil
}
