package domain

import (
	"context"
	"errors"
	"fmt"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
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

// targetCompany is the company a new object goes to: the caller's, or,
// for a superadmin only, the one named, which must be the id of an
// existing, active company (asked of the users service only then).
func (s *Service) targetCompany(ctx context.Context, p principal.Principal, named string) (string, error) {
	switch {
	case named == "" || named == p.CompanyID:
		if p.CompanyID == "" {
			return "", errs.ErrPermissionDenied
		}
		return p.CompanyID, nil
	case !p.IsSuperadmin():
		return "", errs.New(errs.ErrPermissionDenied, "Only a superadmin may act for another company")
	}
	if err := s.checkCompany(ctx, named); err != nil {
		return "", err
	}
	return named, nil
}

// checkCompany refuses (422 on company_id) a malformed id and the id of a
// company that does not exist or is suspended.
func (s *Service) checkCompany(ctx context.Context, id string) error {
	var v errs.Validator
	if !isID(id) {
		v.Add("company_id", "value_error", "company_id must be a company id (24 hexadecimal characters)")
		return v.Err()
	}
	c, err := s.dir.LookupCompany(ctx, id)
	switch {
	case errors.Is(err, errs.ErrNotFound):
		v.Add("company_id", "not_found", "No company has this id")
	case err != nil:
		return fmt.Errorf("check company: %w", err)
	case !c.Active:
		v.Add("company_id", "inactive", "The company is suspended")
	}
	return v.Err()
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

// checkVersion refuses a missing or stale version before any write; the
// store's filter on the version makes the final decision atomically.
func checkVersion(t Ticket, version int64) error {
	if version <= 0 {
		var v errs.Validator
		v.Add("version", "missing", "version is required: send the version you read")
		return v.Err()
	}
	if version != t.Version {
		return staleErr(t.Version)
	}
	return nil
}

func staleErr(current int64) error {
	return errs.New(errs.ErrConflict, "Ticket was changed by someone else (now version %d); reload and retry", current)
}
