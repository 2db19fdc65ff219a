package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// ManagerRoles create and change campaigns (ARCHITECTURE §3: CRUD).
var ManagerRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager}

// ReaderRoles read campaigns: the managers and content writers. Clients
// see nothing.
var ReaderRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager, principal.RoleContentWriter}

// AdminRoles restore archived campaigns.
var AdminRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin}

// ownerRoles may own a campaign (a user of the campaign's company).
var ownerRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager, principal.RoleContentWriter}

func isManager(p principal.Principal) bool { return p.HasRole(ManagerRoles...) }

// scopeFor is the campaigns p may read (tenancy.ScopeOf): every company
// for a superadmin, the own company for the other reader roles. Anyone
// else (clients, a principal without a company) is refused, never
// widened.
func scopeFor(p principal.Principal) (Scope, error) {
	if !p.HasRole(ReaderRoles...) {
		return Scope{}, errs.ErrPermissionDenied
	}
	return tenancy.ScopeOf(p)
}

// get reads a campaign in p's scope.
func (s *Service) get(ctx context.Context, p principal.Principal, id string) (Campaign, Scope, error) {
	sc, err := scopeFor(p)
	if err != nil {
		return Campaign{}, sc, err
	}
	c, err := s.campaigns.Get(ctx, sc, id)
	return c, sc, err
}

// getForWrite reads a campaign p may change: readers who are not managers
// get 403, campaigns of other companies stay 404 for everyone.
func (s *Service) getForWrite(ctx context.Context, p principal.Principal, id string) (Campaign, Scope, error) {
	if !isManager(p) {
		return Campaign{}, Scope{}, errs.New(errs.ErrPermissionDenied, "Your role may only read campaigns")
	}
	return s.get(ctx, p, id)
}
