package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// managerRoles may do everything with a company's tickets.
var managerRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager}

// workerRoles may be assigned a ticket.
var workerRoles = []string{principal.RoleCompanyAdmin, principal.RoleContentManager, principal.RoleContentWriter}

func isManager(p principal.Principal) bool { return p.HasRole(managerRoles...) }

// scopeFor is the tickets p may reach: the tenant scope (tenancy.ScopeOf:
// every company for a superadmin, the own company otherwise, a principal
// without a company refused, never widened), narrowed for a client to the
// tickets created or followed.
func scopeFor(p principal.Principal) (Scope, error) {
	ts, err := tenancy.ScopeOf(p)
	if err != nil {
		return Scope{}, err
	}
	s := Scope{Scope: ts}
	if p.Role == principal.RoleClient {
		s.VisibleTo = p.UserID
	}
	return s, nil
}

// companyScope is the tenant scope without the client narrowing, for data
// that clients never reach (webhooks: admins only).
func companyScope(p principal.Principal) (Scope, error) {
	ts, err := tenancy.ScopeOf(p)
	return Scope{Scope: ts}, err
}

// get reads a ticket in p's scope.
func (s *Service) get(ctx context.Context, p principal.Principal, id string) (Ticket, Scope, error) {
	sc, err := scopeFor(p)
	if err != nil {
		return Ticket{}, sc, err
	}
	t, err := s.tickets.Get(ctx, sc, id)
	return t, sc, err
}
