package tenancy

import (
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Scope says whose data a store call may touch: one company, or every
// company (superadmins only). The domain builds it from the principal
// (ScopeOf) and passes it to every store method; stores refuse a scope
// with neither (pkg/mongox.TenantFilter), so a missing tenant is never
// "all".
type Scope struct {
	// CompanyID is the tenant; required unless AllCompanies.
	CompanyID string
	// AllCompanies is set for superadmins only.
	AllCompanies bool
}

// OneCompany is the scope of one company.
func OneCompany(id string) Scope { return Scope{CompanyID: id} }

// EveryCompany is the scope of every company (a superadmin's, or a
// service's own job that works across tenants).
func EveryCompany() Scope { return Scope{AllCompanies: true} }

// ScopeOf is what p may reach of a company's data: every company for a
// superadmin, the own company for any other user. A principal without a
// company or a user id is refused (errs.ErrPermissionDenied), never
// widened. Which roles may read at all is the caller's rule.
func ScopeOf(p principal.Principal) (Scope, error) {
	if p.IsSuperadmin() {
		return EveryCompany(), nil
	}
	if p.CompanyID == "" || p.UserID == "" {
		return Scope{}, errs.ErrPermissionDenied
	}
	return OneCompany(p.CompanyID), nil
}

// Within narrows s to the company a list names (company_id=…; "" keeps
// s). A scope of every company moves to that company; a scope of one
// company stays, and naming another leaves nothing in reach: ok is false
// and the list is empty — never a 403 or 404 that would tell whether the
// company exists.
func (s Scope) Within(companyID string) (narrowed Scope, ok bool) {
	switch {
	case companyID == "":
		return s, true
	case s.AllCompanies:
		return OneCompany(companyID), true
	default:
		return s, companyID == s.CompanyID
	}
}

// ReadScope is what p may read when only readers may read: ScopeOf for a
// reader, narrowed to the company it names (a superadmin reaches it; any
// other reader naming another company gets errs.ErrNotFound, as for any
// other company's data). A role outside readers is refused.
func ReadScope(p principal.Principal, readers []string, named string) (Scope, error) {
	if !p.IsSuperadmin() && !p.HasRole(readers...) {
		return Scope{}, errs.ErrPermissionDenied
	}
	s, err := ScopeOf(p)
	if err != nil {
		return Scope{}, err
	}
	s, ok := s.Within(named)
	if !ok {
		return Scope{}, errs.ErrNotFound
	}
	return s, nil
}
