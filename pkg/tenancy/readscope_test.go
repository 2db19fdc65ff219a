package tenancy_test

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

func TestReadScope(t *testing.T) {
	t.Parallel()
	readers := []string{principal.RoleCompanyAdmin, principal.RoleContentWriter}
	super := principal.Principal{UserID: "u0", Role: principal.RoleSuperadmin}
	writer := principal.Principal{UserID: "u1", CompanyID: "a", Role: principal.RoleContentWriter}
	client := principal.Principal{UserID: "u2", CompanyID: "a", Role: principal.RoleClient}
	for _, tc := range []struct {
		name  string
		p     principal.Principal
		named string
		want  tenancy.Scope
		err   error
	}{
		{"superadmin, every company", super, "", tenancy.EveryCompany(), nil},
		{"superadmin names one", super, "b", tenancy.OneCompany("b"), nil},
		{"reader, own company", writer, "", tenancy.OneCompany("a"), nil},
		{"reader names own", writer, "a", tenancy.OneCompany("a"), nil},
		{"reader names another: 404", writer, "b", tenancy.Scope{}, errs.ErrNotFound},
		{"not a reader: 403", client, "", tenancy.Scope{}, errs.ErrPermissionDenied},
		{"no company: 403", principal.Principal{UserID: "u3", Role: principal.RoleContentWriter}, "", tenancy.Scope{}, errs.ErrPermissionDenied},
	} {
		got, err := tenancy.ReadScope(tc.p, readers, tc.named)
		if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) || got != tc.want {
			t.Errorf("%s: got %+v, %v; want %+v, %v", tc.name, got, err, tc.want, tc.err)
		}
	}
}
