package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Delete soft-deletes a ticket (managers and admins). version is optional
// here (0: not checked — a DELETE carries it only as ?version=); a stale
// one is 409. The write itself is at the version read, like every other.
func (s *Service) Delete(ctx context.Context, p principal.Principal, id string, version int64) (Ticket, error) {
	if !isManager(p) {
		return Ticket{}, errs.ErrPermissionDenied
	}
	t, sc, err := s.get(ctx, p, id)
	if err != nil {
		return Ticket{}, err
	}
	if version != 0 && version != t.Version {
		return Ticket{}, StaleError(t.Version)
	}
	now := s.now()
	nt, err := s.tickets.Update(ctx, sc, t.ID, t.Version, Changes{Deleted: true, UpdatedAt: now, Events: events(p, now, change{action: "deleted"})})
	if err != nil {
		return Ticket{}, err
	}
	return s.relay(ctx, nt), nil
}
