package tenancy_test

import (
	"context"
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

const (
	own       = "aaaaaaaaaaaaaaaaaaaaaaaa"
	other     = "bbbbbbbbbbbbbbbbbbbbbbbb"
	suspended = "cccccccccccccccccccccccc"
	unknown   = "dddddddddddddddddddddddd"
)

func TestTargetCompany(t *testing.T) {
	t.Parallel()
	var lookups int
	lookup := func(_ context.Context, id string) (bool, error) {
		lookups++
		switch id {
		case other:
			return true, nil
		case suspended:
			return false, nil
		}
		return false, errs.ErrNotFound
	}
	admin := principal.Principal{UserID: "u", CompanyID: own, Role: principal.RoleCompanyAdmin}
	root := principal.Principal{UserID: "r", CompanyID: own, Role: principal.RoleSuperadmin}
	svc := principal.Principal{UserID: "service:agents", Role: principal.RoleService}
	cases := []struct {
		name  string
		p     principal.Principal
		named string
		want  string
		field string // a 422 on company_id
		kind  error
	}{
		{"own by default", admin, "", own, "", nil},
		{"own named", admin, own, own, "", nil},
		{"another, not superadmin", admin, other, "", "", errs.ErrPermissionDenied},
		{"superadmin, another", root, other, other, "", nil},
		{"superadmin, malformed", root, "no-such-company", "", "company_id", nil},
		{"superadmin, unknown", root, unknown, "", "company_id", nil},
		{"superadmin, suspended", root, suspended, "", "company_id", nil},
		{"no company", principal.Principal{UserID: "x", Role: principal.RoleClient}, "", "", "", errs.ErrPermissionDenied},
		{"service, named", svc, other, other, "", nil},
		{"service, suspended", svc, suspended, "", "company_id", nil},
		{"service, none named", svc, "", "", "", errs.ErrPermissionDenied},
	}
	for _, c := range cases {
		got, err := tenancy.TargetCompany(t.Context(), c.p, c.named, lookup)
		var ve *errs.ValidationError
		switch {
		case c.field != "":
			if !errors.As(err, &ve) || ve.Violations[0].Field != c.field {
				t.Errorf("%s: err %v, want 422 on %s", c.name, err, c.field)
			}
		case c.kind != nil:
			if !errors.Is(err, c.kind) {
				t.Errorf("%s: err %v, want %v", c.name, err, c.kind)
			}
		case err != nil || got != c.want:
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if lookups != 5 {
		t.Errorf("%d lookups, want 5 (only a superadmin or service naming a well-formed other company)", lookups)
	}
}
