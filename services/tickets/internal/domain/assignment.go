package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Assign sets (or, with userID "", clears) the assignee (managers and
// admins). The assignee must be an active user of the ticket's company
// with a role that works on tickets; it follows the ticket.
func (s *Service) Assign(ctx context.Context, p principal.Principal, id, userID string, version int64) (Ticket, error) {
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
	if userID != "" {
		if err := s.checkUser(ctx, t.CompanyID, userID, workerRoles); err != nil {
			return Ticket{}, err
		}
	}
	if userID == t.AssigneeID {
		return t, nil
	}
	msg := fmt.Sprintf("%s was unassigned", t.Ref())
	if userID != "" {
		msg = fmt.Sprintf("%s was assigned to %s", t.Ref(), userID)
	}
	now := s.now()
	ch := Changes{AssigneeID: &userID, AddFollower: userID, UpdatedAt: now, Events: events(p, now, change{
		action: "assigned", field: "assignee_id", from: t.AssigneeID, to: userID,
		notify: NotifyAssigned, event: EventAssigned, message: msg,
	})}
	nt, err := s.tickets.Update(ctx, sc, t.ID, version, ch)
	if err != nil {
		return Ticket{}, err
	}
	return s.relay(ctx, nt), nil
}

// checkUser asks the users service whether userID is an active user of
// company (and, when roles is not nil, has one of roles). Every "no" is a
// 422 on user_id that does not reveal other companies' users.
func (s *Service) checkUser(ctx context.Context, company, userID string, roles []string) error {
	acc, err := s.dir.LookupUser(ctx, userID)
	bad := func(msg string) error {
		var v errs.Validator
		v.Add("user_id", "value_error", "%s", msg)
		return v.Err()
	}
	switch {
	case errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrMalformedID):
		return bad("No such user in this company")
	case err != nil:
		return fmt.Errorf("look up user: %w", err)
	case acc.CompanyID != company:
		return bad("No such user in this company")
	case !acc.Active || !acc.CompanyActive:
		return bad("User is not active")
	case roles != nil && !slices.Contains(roles, acc.Role):
		return bad("User's role cannot work on tickets")
	}
	return nil
}
