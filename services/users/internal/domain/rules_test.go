package domain

import (
	"context"
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// world is a fixture: the system company with a superadmin, company A with
// one user of each role plus a target, company B with one user.
type world struct {
	svc        *Service
	st         *fakeStore
	sys, a, b  Company
	empty      Company
	who        map[string]principal.Principal // by role, all in A except superadmin
	target     User                           // a content_writer of A
	bUser      User
	superadmin User
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := t.Context()
	st := newFakeStore()
	w := &world{svc: New(Deps{Companies: st, Users: st, Hasher: plainHasher{}}), st: st, who: map[string]principal.Principal{}}
	res, err := w.svc.Bootstrap(ctx, "root@copydesk.local", "")
	if err != nil || !res.Created || len(res.Password) < 24 {
		t.Fatalf("bootstrap: %+v %v", res, err)
	}
	w.sys, _ = st.SystemCompany(ctx)
	sa, _ := st.UsersByEmail(ctx, AllCompanies(), "root@copydesk.local")
	w.superadmin = sa[0]
	w.who[principal.RoleSuperadmin] = principal.Principal{UserID: sa[0].ID, CompanyID: w.sys.ID, Role: principal.RoleSuperadmin}
	root := w.who[principal.RoleSuperadmin]
	mk := func(name string) Company {
		c, err := w.svc.CreateCompany(ctx, root, NewCompany{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.a, w.b, w.empty = mk("Acme"), mk("Beta"), mk("Empty")
	user := func(c Company, email, role string) User {
		u, err := w.svc.CreateUser(ctx, root, NewUser{Email: email, FullName: role, Role: role, Password: "password-1", CompanyID: c.ID})
		if err != nil {
			t.Fatalf("create %s: %v", email, err)
		}
		return u
	}
	for _, r := range []string{principal.RoleCompanyAdmin, principal.RoleContentManager, principal.RoleContentWriter, principal.RoleClient} {
		u := user(w.a, r+"@acme.test", r)
		w.who[r] = principal.Principal{UserID: u.ID, CompanyID: w.a.ID, Role: r}
	}
	w.target = user(w.a, "target@acme.test", principal.RoleContentWriter)
	w.bUser = user(w.b, "b@beta.test", principal.RoleCompanyAdmin)
	return w
}

// outcome names the error kind a client would see.
func outcome(err error) string {
	var ve *errs.ValidationError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &ve):
		return "422:" + ve.Violations[0].Field
	case errors.Is(err, errs.ErrNotFound):
		return "404"
	case errors.Is(err, errs.ErrPermissionDenied):
		return "403"
	case errors.Is(err, errs.ErrConflict):
		return "409"
	case errors.Is(err, errs.ErrBadRequest):
		return "400"
	case errors.Is(err, errs.ErrUnauthenticated):
		return "401"
	}
	return "other: " + err.Error()
}

func ptr[T any](v T) *T { return &v }

const (
	sa  = principal.RoleSuperadmin
	ca  = principal.RoleCompanyAdmin
	cm  = principal.RoleContentManager
	cw  = principal.RoleContentWriter
	cli = principal.RoleClient
)

func TestRoleActionTable(t *testing.T) {
	t.Parallel()
	type action func(ctx context.Context, w *world, p principal.Principal) error
	actions := []struct {
		name string
		do   action
		want map[string]string // role → outcome
	}{
		{"get user of own company", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.GetUser(ctx, p, w.target.ID)
			return err
		}, map[string]string{sa: "ok", ca: "ok", cm: "ok", cw: "ok", cli: "404"}},
		{"get self", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.GetUser(ctx, p, p.UserID)
			return err
		}, map[string]string{sa: "ok", ca: "ok", cm: "ok", cw: "ok", cli: "ok"}},
		{"get user of company B", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.GetUser(ctx, p, w.bUser.ID)
			return err
		}, map[string]string{sa: "ok", ca: "404", cm: "404", cw: "404", cli: "404"}},
		{"create writer in own company", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.CreateUser(ctx, p, NewUser{Email: "new@x.test", FullName: "N", Role: cw, Password: "password-1"})
			return err
		}, map[string]string{sa: "ok", ca: "ok", cm: "403", cw: "403", cli: "403"}},
		{"create superadmin", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.CreateUser(ctx, p, NewUser{Email: "new@x.test", FullName: "N", Role: sa, Password: "password-1"})
			return err
		}, map[string]string{sa: "ok", ca: "403", cm: "403", cw: "403", cli: "403"}},
		{"create user in company B", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.CreateUser(ctx, p, NewUser{Email: "new@x.test", FullName: "N", Role: cw, Password: "password-1", CompanyID: w.b.ID})
			return err
		}, map[string]string{sa: "ok", ca: "403", cm: "403", cw: "403", cli: "403"}},
		{"create with taken email (other case)", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.CreateUser(ctx, p, NewUser{Email: " TARGET@Acme.test ", FullName: "N", Role: cw, Password: "password-1", CompanyID: w.a.ID})
			return err
		}, map[string]string{sa: "409", ca: "409", cm: "403"}},
		{"create with bad input", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.CreateUser(ctx, p, NewUser{Email: "not-an-email", FullName: "N", Role: cw, Password: "short"})
			return err
		}, map[string]string{sa: "422:email", ca: "422:email"}},
		{"create in missing company", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.CreateUser(ctx, p, NewUser{Email: "n@x.test", FullName: "N", Role: cw, Password: "password-1", CompanyID: "ffffffffffffffffffffffff"})
			return err
		}, map[string]string{sa: "422:company_id", ca: "403"}},
		{"rename another user", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, w.target.ID, UserPatch{FullName: ptr("Renamed")})
			return err
		}, map[string]string{sa: "ok", ca: "ok", cm: "403", cw: "403", cli: "404"}},
		{"rename self", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, p.UserID, UserPatch{FullName: ptr("Me")})
			return err
		}, map[string]string{sa: "ok", ca: "ok", cm: "ok", cw: "ok", cli: "ok"}},
		{"change own email", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, p.UserID, UserPatch{Email: ptr("me2@x.test")})
			return err
		}, map[string]string{sa: "ok", ca: "ok", cm: "403", cw: "403", cli: "403"}},
		{"raise own role", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, p.UserID, UserPatch{Role: ptr(ca)})
			return err
		}, map[string]string{sa: "409", ca: "ok", cm: "403", cw: "403", cli: "403"}},
		{"deactivate self", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, p.UserID, UserPatch{IsActive: ptr(false)})
			return err
		}, map[string]string{sa: "409", ca: "409", cm: "403", cw: "403", cli: "403"}},
		{"set own password without the current one", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, p.UserID, UserPatch{Password: ptr("new-password-1")})
			return err
		}, map[string]string{sa: "403", ca: "403", cm: "403", cw: "403", cli: "403"}},
		{"promote another to superadmin", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, w.target.ID, UserPatch{Role: ptr(sa)})
			return err
		}, map[string]string{sa: "ok", ca: "403", cm: "403", cw: "403", cli: "404"}},
		{"take another's email", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, w.target.ID, UserPatch{Email: ptr("CLIENT@acme.test")})
			return err
		}, map[string]string{sa: "409", ca: "409", cm: "403"}},
		{"update user of company B", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, w.bUser.ID, UserPatch{FullName: ptr("x")})
			return err
		}, map[string]string{sa: "ok", ca: "404", cm: "404", cw: "404", cli: "404"}},
		{"update the superadmin", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateUser(ctx, p, w.superadmin.ID, UserPatch{FullName: ptr("x")})
			return err
		}, map[string]string{ca: "404", cm: "404", cw: "404", cli: "404"}},
		{"delete another user", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.DeleteUser(ctx, p, w.target.ID)
			return err
		}, map[string]string{sa: "ok", ca: "ok", cm: "403", cw: "403", cli: "404"}},
		{"delete self", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.DeleteUser(ctx, p, p.UserID)
			return err
		}, map[string]string{sa: "409", ca: "409", cm: "403", cw: "403", cli: "403"}},
		{"delete user of company B", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.DeleteUser(ctx, p, w.bUser.ID)
			return err
		}, map[string]string{sa: "ok", ca: "404", cm: "404", cw: "404", cli: "404"}},
		{"change password with wrong current", func(ctx context.Context, w *world, p principal.Principal) error {
			return w.svc.ChangePassword(ctx, p, "", "wrong-password", "new-password-1")
		}, map[string]string{sa: "422:current_password", ca: "422:current_password", cli: "422:current_password"}},
		{"change password with right current", func(ctx context.Context, w *world, p principal.Principal) error {
			return w.svc.ChangePassword(ctx, p, "", "password-1", "new-password-1")
		}, map[string]string{ca: "ok", cm: "ok", cw: "ok", cli: "ok"}},
		{"change password to a short one", func(ctx context.Context, w *world, p principal.Principal) error {
			return w.svc.ChangePassword(ctx, p, "", "password-1", "short")
		}, map[string]string{ca: "422:new_password"}},
		{"get own company", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.GetCompany(ctx, p, p.CompanyID)
			return err
		}, map[string]string{sa: "ok", ca: "ok", cm: "403", cw: "403", cli: "403"}},
		{"get company B", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.GetCompany(ctx, p, w.b.ID)
			return err
		}, map[string]string{sa: "ok", ca: "404", cm: "403", cw: "403", cli: "403"}},
		{"create company", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.CreateCompany(ctx, p, NewCompany{Name: "Gamma"})
			return err
		}, map[string]string{sa: "ok", ca: "403", cm: "403", cw: "403", cli: "403"}},
		{"create company with taken name", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.CreateCompany(ctx, p, NewCompany{Name: " acme "})
			return err
		}, map[string]string{sa: "409"}},
		{"rename company to taken name", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateCompany(ctx, p, w.b.ID, UpdateName("ACME"))
			return err
		}, map[string]string{sa: "409", ca: "404"}},
		{"update own company", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateCompany(ctx, p, p.CompanyID, UpdateName("Renamed"))
			return err
		}, map[string]string{sa: "ok", ca: "403", cm: "403", cw: "403", cli: "403"}},
		{"deactivate system company", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.UpdateCompany(ctx, p, w.sys.ID, CompanyPatch{IsActive: ptr(false)})
			return err
		}, map[string]string{sa: "409", ca: "404"}},
		{"delete system company", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.DeleteCompany(ctx, p, w.sys.ID)
			return err
		}, map[string]string{sa: "409", ca: "404"}},
		{"delete company with users", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.DeleteCompany(ctx, p, w.b.ID)
			return err
		}, map[string]string{sa: "409", ca: "404", cli: "403"}},
		{"delete empty company", func(ctx context.Context, w *world, p principal.Principal) error {
			_, err := w.svc.DeleteCompany(ctx, p, w.empty.ID)
			return err
		}, map[string]string{sa: "ok", ca: "404", cm: "403", cw: "403", cli: "403"}},
	}
	for _, a := range actions {
		for role, want := range a.want {
			t.Run(a.name+"/"+role, func(t *testing.T) {
				t.Parallel()
				w := newWorld(t)
				if got := outcome(a.do(t.Context(), w, w.who[role])); got != want {
					t.Fatalf("%s as %s: got %s, want %s", a.name, role, got, want)
				}
			})
		}
	}
}

// UpdateName is a CompanyPatch that renames.
func UpdateName(n string) CompanyPatch { return CompanyPatch{Name: &n} }
