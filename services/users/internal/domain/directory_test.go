package domain

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

var svcCaller = principal.Principal{UserID: "service:auth", Role: principal.RoleService}

func TestVerifyCredentials(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	root := w.who[sa]
	// The same email in A and B, with different passwords, then the same.
	twin := func(c Company, email, pw string) User {
		u, err := w.svc.CreateUser(ctx, root, NewUser{Email: email, FullName: "Twin", Role: cw, Password: pw, CompanyID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	ta := twin(w.a, "twin@x.test", "password-a")
	twin(w.b, "twin@x.test", "password-b")
	twin(w.a, "same@x.test", "password-s")
	sb := twin(w.b, "same@x.test", "password-s")
	inactive := twin(w.a, "off@x.test", "password-1")
	if _, err := w.svc.UpdateUser(ctx, root, inactive.ID, UserPatch{IsActive: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	deleted := twin(w.a, "gone@x.test", "password-1")
	if _, err := w.svc.DeleteUser(ctx, root, deleted.ID); err != nil {
		t.Fatal(err)
	}
	offCo, _ := w.svc.CreateCompany(ctx, root, NewCompany{Name: "Suspended", IsActive: ptr(false)})
	twin(offCo, "suspended@x.test", "password-1")

	tests := []struct {
		name, email, pw, company string
		want                     string
		wantID                   string
	}{
		{"right password, other case and spaces", "  TWIN@x.test ", "password-a", "", "ok", ta.ID},
		{"wrong password", "twin@x.test", "password-z", "", "404", ""},
		{"unknown email", "nobody@x.test", "password-a", "", "404", ""},
		{"inactive user", "off@x.test", "password-1", "", "404", ""},
		{"deleted user", "gone@x.test", "password-1", "", "404", ""},
		{"inactive company", "suspended@x.test", "password-1", "", "404", ""},
		{"empty password", "twin@x.test", "", "", "404", ""},
		{"several accounts match", "same@x.test", "password-s", "", "400", ""},
		{"several accounts, company given", "same@x.test", "password-s", w.b.ID, "ok", sb.ID},
		{"company given, wrong one", "twin@x.test", "password-a", w.b.ID, "404", ""},
		{"username, other case and spaces", " Twin ", "password-a", "", "ok", ta.ID},
		{"username, wrong password", "twin", "password-z", "", "404", ""},
		{"username in several companies", "same", "password-s", "", "400", ""},
		{"username, company given", "same", "password-s", w.b.ID, "ok", sb.ID},
		{"deleted user's username", "gone", "password-1", "", "404", ""},
		{"not a valid username", "tw", "password-a", "", "404", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := w.svc.VerifyCredentials(ctx, svcCaller, tt.email, tt.pw, tt.company)
			if got := outcome(err); got != tt.want {
				t.Fatalf("got %s (%v), want %s", got, err, tt.want)
			}
			if tt.want == "404" && err.Error() != msgBadCredentials {
				t.Fatalf("message %q differs from the one answer %q", err.Error(), msgBadCredentials)
			}
			if tt.wantID != "" && (u.ID != tt.wantID || u.LastLoginAt == nil) {
				t.Fatalf("got user %s (last login %v), want %s with last_login_at set", u.ID, u.LastLoginAt, tt.wantID)
			}
		})
	}
	if _, err := w.svc.VerifyCredentials(ctx, w.who[sa], "twin@x.test", "password-a", ""); outcome(err) != "403" {
		t.Fatalf("a user calling VerifyCredentials: %v", err)
	}
}

func TestLookupUser(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	u, active, err := w.svc.LookupUser(ctx, svcCaller, w.bUser.ID)
	if err != nil || u.ID != w.bUser.ID || !active {
		t.Fatalf("lookup: %v %v %v", u.ID, active, err)
	}
	if _, err := w.svc.UpdateCompany(ctx, w.who[sa], w.b.ID, CompanyPatch{IsActive: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if _, active, _ := w.svc.LookupUser(ctx, svcCaller, w.bUser.ID); active {
		t.Fatal("company_active after deactivation")
	}
	if _, err := w.svc.DeleteUser(ctx, w.who[sa], w.bUser.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.svc.LookupUser(ctx, svcCaller, w.bUser.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("deleted user lookup: %v", err)
	}
}

func TestLookupCompany(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	c, err := w.svc.LookupCompany(ctx, svcCaller, w.b.ID)
	if err != nil || c.ID != w.b.ID || !c.IsActive {
		t.Fatalf("lookup: %+v %v", c, err)
	}
	if _, err := w.svc.UpdateCompany(ctx, w.who[sa], w.b.ID, CompanyPatch{IsActive: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if c, _ := w.svc.LookupCompany(ctx, svcCaller, w.b.ID); c.IsActive {
		t.Fatal("is_active after deactivation")
	}
	if _, err := w.svc.LookupCompany(ctx, svcCaller, "0123456789abcdef01234567"); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("unknown company: %v", err)
	}
	if _, err := w.svc.LookupCompany(ctx, w.who[sa], w.b.ID); !errors.Is(err, errs.ErrPermissionDenied) {
		t.Fatalf("user caller: %v", err)
	}
}

func TestBootstrapIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	res, err := w.svc.Bootstrap(t.Context(), "other@copydesk.local", "")
	if err != nil || res.Created || res.Password != "" {
		t.Fatalf("second bootstrap: %+v %v", res, err)
	}
	st := newFakeStore()
	svc := New(Deps{Companies: st, Users: st, Hasher: plainHasher{}})
	if _, err := svc.Bootstrap(t.Context(), "not an email", ""); err == nil {
		t.Fatal("bootstrap accepted an invalid ADMIN_EMAIL")
	}
	res, err = svc.Bootstrap(t.Context(), "admin@copydesk.local", "given-password")
	if err != nil || !res.Created || res.Password != "" {
		t.Fatalf("bootstrap with ADMIN_PASSWORD: %+v %v (the given password must not be echoed)", res, err)
	}
}
