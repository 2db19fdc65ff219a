package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// managerRoles may do everything with a company's tickets.
var managerRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager}

// workerRoles may be assigned a ticket.
var workerRoles = []string{principal.RoleCompanyAdmin, principal.RoleContentManager, principal.RoleContentWriter}

func isManager(p principal.Principal) bool { return p.HasRole(managerRoles...) }

// scopeFor is the tickets p may reach: every company for a superadmin,
// tickets created or followed for a client, the own company otherwise.
// A principal without a company is refused, never widened.
func scopeFor(p principal.Principal) (Scope, error) {
	if p.IsSuperadmin() {
		return Scope{AllCompanies: true}, nil
	}
	if p.CompanyID == "" || p.UserID == "" {
		return Scope{}, errs.ErrPermissionDenied
	}
	s := Scope{CompanyID: p.CompanyID}
	if p.Role == principal.RoleClient {
		s.VisibleTo = p.UserID
	}
	return s, nil
}

// companyScope is the own-company scope of staff (superadmin: all), for
// data that clients never see (webhooks).
func companyScope(p principal.Principal) (Scope, error) {
	if p.IsSuperadmin() {
		return Scope{AllCompanies: true}, nil
	}
	if p.CompanyID == "" {
		return Scope{}, errs.ErrPermissionDenied
	}
	return Scope{CompanyID: p.CompanyID}, nil
}

// targetCompany is the company a new object goes to (pkg/tenancy): the
// caller's, or, for a superadmin only, an existing, active company it names
// (asked of the users service only then).
func (s *Service) targetCompany(ctx context.Context, p principal.Principal, named string) (string, error) {
	return tenancy.TargetCompany(ctx, p, named, func(ctx context.Context, id string) (bool, error) {
		c, err := s.dir.LookupCompany(ctx, id)
		return c.Active, err
	})
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
