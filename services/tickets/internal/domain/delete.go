package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Delete soft-deletes a ticket (managers and admins). version is optional
// here (0: not checked); a stale one is 409.
func (s *Service) Delete(ctx context.Context, p principal.Principal, id string, version int64) (Ticket, error) {
	if !isManager(p) {
		return Ticket{}, errs.ErrPermissionDenied
	}
	t, sc, err := s.get(ctx, p, id)
	if err != nil {
		return Ticket{}, err
	}
	if version != 0 && version != t.Version {
		return Ticket{}, staleErr(t.Version)
	}
	if version == 0 {
		version = t.Version
	}
	nt, err := s.tickets.Update(ctx, sc, t.ID, version, Changes{Deleted: true, UpdatedAt: s.now()})
	if err != nil {
		return Ticket{}, err
	}
	s.record(ctx, p, nt, change{action: "deleted"})
	return nt, nil
}
