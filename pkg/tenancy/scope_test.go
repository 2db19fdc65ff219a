package tenancy_test

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// TestScopeOf: a superadmin reaches every company, anyone else only the
// own one; a principal without a company or a user is refused, never
// widened to every company.
func TestScopeOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		p    principal.Principal
		want tenancy.Scope
		deny bool
	}{
		{"superadmin", principal.Principal{UserID: "r", CompanyID: own, Role: principal.RoleSuperadmin}, tenancy.EveryCompany(), false},
		{"company admin", principal.Principal{UserID: "u", CompanyID: own, Role: principal.RoleCompanyAdmin}, tenancy.OneCompany(own), false},
		{"client", principal.Principal{UserID: "c", CompanyID: own, Role: principal.RoleClient}, tenancy.OneCompany(own), false},
		{"no company", principal.Principal{UserID: "u", Role: principal.RoleContentManager}, tenancy.Scope{}, true},
		{"no user", principal.Principal{CompanyID: own, Role: principal.RoleContentManager}, tenancy.Scope{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := tenancy.ScopeOf(c.p)
			if c.deny != errors.Is(err, errs.ErrPermissionDenied) || got != c.want {
				t.Fatalf("ScopeOf = %+v, %v; want %+v (denied: %v)", got, err, c.want, c.deny)
			}
		})
	}
}

// TestWithin: a list's company_id moves a superadmin's scope to that
// company; another user naming a foreign company reaches nothing.
func TestWithin(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		s     tenancy.Scope
		named string
		want  tenancy.Scope
		ok    bool
	}{
		{"superadmin, no filter", tenancy.EveryCompany(), "", tenancy.EveryCompany(), true},
		{"superadmin, a company", tenancy.EveryCompany(), other, tenancy.OneCompany(other), true},
		{"user, no filter", tenancy.OneCompany(own), "", tenancy.OneCompany(own), true},
		{"user, own company", tenancy.OneCompany(own), own, tenancy.OneCompany(own), true},
		{"user, another company", tenancy.OneCompany(own), other, tenancy.OneCompany(own), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.s.Within(c.named)
			if ok != c.ok || (ok && got != c.want) {
				t.Fatalf("Within(%q) = %+v, %v; want %+v, %v", c.named, got, ok, c.want, c.ok)
			}
		})
	}
}
