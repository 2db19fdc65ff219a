package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/pkg/workflow"
)

// ManagerRoles create, change and delete agents (ARCHITECTURE §3: CRUD).
var ManagerRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager}

// ReaderRoles read agents and chat: the managers and content writers.
// Clients see nothing.
var ReaderRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager, principal.RoleContentWriter}

// AdminRoles see every conversation of their company.
var AdminRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin}

// readScope is what p may read: for a superadmin every company, or the one
// it names; for the other readers their own company (naming another is
// 404). Anyone else is refused, never widened.
func readScope(p principal.Principal, named string) (Scope, error) {
	return tenancy.ReadScope(p, ReaderRoles, named)
}

// writeScope is the scope in which p may change agents.
func writeScope(p principal.Principal) (Scope, error) {
	if !p.HasRole(ManagerRoles...) {
		return Scope{}, errs.New(errs.ErrPermissionDenied, "Your role may only read agents and chat")
	}
	return readScope(p, "")
}

// conversationScope is whose conversations p sees: company admins and
// superadmins every user's of their scope, the other readers their own.
func conversationScope(p principal.Principal, named string) (ConversationScope, error) {
	sc, err := readScope(p, named)
	if err != nil {
		return ConversationScope{}, err
	}
	if p.HasRole(AdminRoles...) {
		return ConversationScope{Scope: sc, AllUsers: true}, nil
	}
	return ConversationScope{Scope: sc, UserID: p.UserID}, nil
}

// targetCompany is the company a new agent goes to (pkg/tenancy).
func (s *Service) targetCompany(ctx context.Context, p principal.Principal, named string) (string, error) {
	if !p.HasRole(ManagerRoles...) {
		return "", errs.New(errs.ErrPermissionDenied, "Your role may only read agents and chat")
	}
	return tenancy.TargetCompany(ctx, p, named, tenancy.CompanyLookup(s.companies))
}

// StaleError is the 409 of a write based on an old version.
func StaleError(current int64) error { return workflow.Stale("Agent", current) }
