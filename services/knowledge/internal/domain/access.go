package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// ManagerRoles create, change, ingest and delete (ARCHITECTURE §3: CRUD).
var ManagerRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager}

// ReaderRoles read and search: the managers and content writers. Clients
// see nothing.
var ReaderRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager, principal.RoleContentWriter}

// readScope is what p may read: for a superadmin every company, or the one
// it names; for the other readers their own company (naming another is
// 404 like any other company's data). Anyone else is refused.
func readScope(p principal.Principal, named string) (Scope, error) {
	return tenancy.ReadScope(p, ReaderRoles, named)
}

// searchCompany is the one company a search ranks: the caller's own, or
// for a superadmin the one it names (required: a search never spans
// companies).
func searchCompany(p principal.Principal, named string) (string, error) {
	sc, err := readScope(p, named)
	if err != nil {
		return "", err
	}
	if sc.AllCompanies {
		var v errs.Validator
		v.Add("company_id", "missing", "company_id is required: a superadmin searches one company at a time")
		return "", v.Err()
	}
	return sc.CompanyID, nil
}

// requireManager refuses readers that may not write. The service role
// (the agents service's Shopify sync, on nobody's behalf) writes too; the
// policy admits it only to Ingest and DeleteSource.
func requireManager(p principal.Principal) error {
	if !p.HasRole(ManagerRoles...) && !p.IsService() {
		return errs.New(errs.ErrPermissionDenied, "Your role may only read and search knowledge")
	}
	return nil
}

// targetCompany is the company new knowledge goes to (pkg/tenancy).
func (s *Service) targetCompany(ctx context.Context, p principal.Principal, named string) (string, error) {
	if err := requireManager(p); err != nil {
		return "", err
	}
	return tenancy.TargetCompany(ctx, p, named, s.companies)
}

// writeScope is the scope in which p may change existing knowledge. A
// service reaches every company: it deletes only sources it ingested for
// a company itself (agents' Shopify product ledger).
func writeScope(p principal.Principal) (Scope, error) {
	if err := requireManager(p); err != nil {
		return Scope{}, err
	}
	if p.IsService() {
		return tenancy.EveryCompany(), nil
	}
	return readScope(p, "")
}
