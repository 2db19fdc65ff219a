package store_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/users/internal/domain"
	"github.com/copydesk/copydesk/services/users/internal/password"
	"github.com/copydesk/copydesk/services/users/internal/store"
)

func emails(us []domain.User) (out []string) {
	for _, u := range us {
		out = append(out, u.Email)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestUserListsAndTenancy(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()
	a, b := company(t, s, "A"), company(t, s, "B")
	user(t, s, a.ID, "Carol@a.test", "Carol Writer", principal.RoleContentWriter, now)
	user(t, s, a.ID, "alice@a.test", "Alice Admin", principal.RoleCompanyAdmin, now.Add(time.Minute))
	bob := user(t, s, a.ID, "bob@a.test", "Bob (.*)", principal.RoleClient, now.Add(2*time.Minute))
	if _, err := s.UpdateUser(ctx, domain.InCompany(a.ID), bob.ID, domain.UserPatch{IsActive: ptr(false), UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	bUser := user(t, s, b.ID, "alice@b.test", "Alice of B", principal.RoleCompanyAdmin, now)
	inA := domain.InCompany(a.ID)

	tests := []struct {
		name  string
		scope domain.Scope
		f     domain.UserFilter
		pg    domain.Page
		want  string
		total int64
	}{
		{"default sort is created_at", inA, domain.UserFilter{}, domain.Page{}, "[Carol@a.test alice@a.test bob@a.test]", 3},
		{"sort by email, case-insensitive", inA, domain.UserFilter{}, domain.Page{Sort: "email"}, "[alice@a.test bob@a.test Carol@a.test]", 3},
		{"sort desc with paging", inA, domain.UserFilter{}, domain.Page{Sort: "email", Desc: true, Skip: 1, Limit: 1}, "[bob@a.test]", 3},
		{"role filter", inA, domain.UserFilter{Role: principal.RoleCompanyAdmin}, domain.Page{}, "[alice@a.test]", 1},
		{"is_active filter", inA, domain.UserFilter{IsActive: ptr(false)}, domain.Page{}, "[bob@a.test]", 1},
		{"q over name, any case", inA, domain.UserFilter{Q: "writer"}, domain.Page{}, "[Carol@a.test]", 1},
		{"q over email", inA, domain.UserFilter{Q: "ALICE@"}, domain.Page{}, "[alice@a.test]", 1},
		{"q is literal, not a regex", inA, domain.UserFilter{Q: "(.*)"}, domain.Page{}, "[bob@a.test]", 1},
		{"q that matches only in B", inA, domain.UserFilter{Q: "of B"}, domain.Page{}, "[]", 0},
		{"the filter's company_id is not read: the scope decides", inA, domain.UserFilter{CompanyID: b.ID}, domain.Page{}, "[Carol@a.test alice@a.test bob@a.test]", 3},
		{"all companies, the filter's company_id not read", domain.AllCompanies(), domain.UserFilter{CompanyID: b.ID, Q: "alice"}, domain.Page{Desc: true}, "[alice@a.test alice@b.test]", 2},
		{"scope B", domain.InCompany(b.ID), domain.UserFilter{}, domain.Page{}, "[alice@b.test]", 1},
		{"all companies: by created_at whatever the sort (the order an index serves without a company)", domain.AllCompanies(), domain.UserFilter{Q: "alice"}, domain.Page{Sort: "email", Desc: true}, "[alice@a.test alice@b.test]", 2},
		{"all companies: q is a prefix of name, email or username", domain.AllCompanies(), domain.UserFilter{Q: "LICE"}, domain.Page{}, "[]", 0},
		{"only self", inA, domain.UserFilter{OnlyID: bob.ID}, domain.Page{}, "[bob@a.test]", 1},
		{"only self of another company", inA, domain.UserFilter{OnlyID: bUser.ID}, domain.Page{}, "[]", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			us, total, err := s.ListUsers(ctx, tt.scope, tt.f, tt.pg)
			if err != nil || fmt.Sprint(emails(us)) != tt.want || total != tt.total {
				t.Fatalf("got %v total %d err %v; want %s total %d", emails(us), total, err, tt.want, tt.total)
			}
			for _, u := range us {
				if u.PasswordHash == "" {
					t.Fatal("hash not loaded")
				}
			}
		})
	}
	// Company B's user is invisible to every call scoped to A.
	if _, err := s.GetUser(ctx, inA, bUser.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("get B's user in A: %v", err)
	}
	if _, err := s.UpdateUser(ctx, inA, bUser.ID, domain.UserPatch{FullName: ptr("x"), UpdatedAt: now}); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("update B's user in A: %v", err)
	}
	if _, err := s.SoftDeleteUser(ctx, inA, bUser.ID, now); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("delete B's user in A: %v", err)
	}
	if got, _ := s.GetUser(ctx, domain.AllCompanies(), bUser.ID); got.FullName != "Alice of B" || got.DeletedAt != nil {
		t.Fatalf("B's user changed through scope A: %+v", got)
	}
	if _, err := s.GetUser(ctx, domain.Scope{}, bUser.ID); err == nil {
		t.Fatal("a call without tenant succeeded")
	}
	if _, _, err := s.ListUsers(ctx, domain.Scope{}, domain.UserFilter{}, domain.Page{}); err == nil {
		t.Fatal("a list without tenant succeeded")
	}
}

func TestUserEmailUniqueAndSoftDelete(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()
	a, b := company(t, s, "A"), company(t, s, "B")
	u := user(t, s, a.ID, "Dana@A.test", "Dana", principal.RoleContentWriter, now)
	user(t, s, b.ID, "dana@a.test", "Dana in B", principal.RoleContentWriter, now) // other company: fine
	dup := domain.User{CompanyID: a.ID, Email: "DANA@a.test", EmailLower: "dana@a.test", Role: principal.RoleClient, CreatedAt: now, UpdatedAt: now}
	if err := s.CreateUser(ctx, &dup); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("duplicate email in company: %v, want conflict", err)
	}
	if taken, _ := s.EmailTaken(ctx, a.ID, "dana@a.test", ""); !taken {
		t.Fatal("EmailTaken = false for a used email")
	}
	if taken, _ := s.EmailTaken(ctx, a.ID, "dana@a.test", u.ID); taken {
		t.Fatal("EmailTaken counts the user itself")
	}
	if n, _ := s.CountUsers(ctx, a.ID); n != 1 {
		t.Fatalf("CountUsers = %d, want 1", n)
	}
	if err := s.SetLastLogin(ctx, domain.InCompany(a.ID), u.ID, now); err != nil {
		t.Fatal(err)
	}
	del, err := s.SoftDeleteUser(ctx, domain.InCompany(a.ID), u.ID, now)
	if err != nil || del.DeletedAt == nil || del.IsActive || del.EmailLower != "deleted:"+u.ID+":dana@a.test" {
		t.Fatalf("soft delete: %+v %v", del, err)
	}
	if _, err := s.GetUser(ctx, domain.AllCompanies(), u.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("deleted user readable: %v", err)
	}
	if us, _, _ := s.ListUsers(ctx, domain.InCompany(a.ID), domain.UserFilter{}, domain.Page{}); len(us) != 0 {
		t.Fatalf("deleted user listed: %v", emails(us))
	}
	if us, _ := s.UsersByEmail(ctx, domain.InCompany(a.ID), "dana@a.test"); len(us) != 0 {
		t.Fatal("deleted user can still log in")
	}
	if n, _ := s.CountUsers(ctx, a.ID); n != 0 {
		t.Fatalf("CountUsers = %d after delete, want 0", n)
	}
	user(t, s, a.ID, "dana@a.test", "Dana again", principal.RoleContentWriter, now) // the email is free again
	if us, _ := s.UsersByEmail(ctx, domain.AllCompanies(), "dana@a.test"); len(us) != 2 {
		t.Fatalf("UsersByEmail across companies = %d, want 2", len(us))
	}
	// "" is never "every company": without a scope the store refuses.
	if us, err := s.UsersByEmail(ctx, domain.InCompany(""), "dana@a.test"); err == nil {
		t.Fatalf("UsersByEmail without a company = %v, want an error", emails(us))
	}
	if _, err := s.EmailTaken(ctx, "", "dana@a.test", ""); err == nil || errors.Is(err, errs.ErrMalformedID) {
		t.Fatalf("EmailTaken without a company: %v, want a missing-tenant error (not a client's 400)", err)
	}
	if n, err := s.CountUsers(ctx, ""); err == nil {
		t.Fatalf("CountUsers without a company = %d, want an error", n)
	}
}

// TestServiceOnRealStore checks the rules that depend on the database's
// behaviour: an email-changing update that collides is a 409 (FerretDB would
// answer an internal error if the update reached the index).
func TestServiceOnRealStore(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()
	svc := domain.New(domain.Deps{Companies: s, Users: s, Hasher: password.New(password.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})})
	if _, err := svc.Bootstrap(ctx, "root@x.test", "root-password"); err != nil {
		t.Fatal(err)
	}
	sys, _ := s.SystemCompany(ctx)
	root, _ := s.UsersByEmail(ctx, domain.AllCompanies(), "root@x.test")
	p := principal.Principal{UserID: root[0].ID, CompanyID: sys.ID, Role: principal.RoleSuperadmin}
	c, err := svc.CreateCompany(ctx, p, domain.NewCompany{Name: "A"})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(email string) domain.User {
		u, err := svc.CreateUser(ctx, p, domain.NewUser{Email: email, FullName: "X", Role: principal.RoleClient, Password: "password-1", CompanyID: c.ID})
		if err != nil {
			t.Fatalf("create %s: %v", email, err)
		}
		return u
	}
	mk("one@a.test")
	two := mk("two@a.test")
	if _, err := svc.UpdateUser(ctx, p, two.ID, domain.UserPatch{Email: ptr(" ONE@a.test")}); !errors.Is(err, errs.ErrConflict) || err.Error() != "Email already registered" {
		t.Fatalf("email-changing update onto a used email: %v, want 409 Email already registered", err)
	}
	if _, err := svc.CreateUser(ctx, p, domain.NewUser{Email: "One@A.test", FullName: "X", Role: principal.RoleClient, Password: "password-1", CompanyID: c.ID}); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("create with used email in other case: %v, want 409", err)
	}
	got, err := svc.VerifyCredentials(ctx, principal.Principal{Role: principal.RoleService, UserID: "service:auth"}, "TWO@a.test", "password-1", "")
	if err != nil || got.ID != two.ID {
		t.Fatalf("login: %v %v", got.ID, err)
	}
	if stored, _ := s.GetUser(ctx, domain.AllCompanies(), two.ID); stored.LastLoginAt == nil {
		t.Fatal("last_login_at not stored")
	}
}

func TestConcurrentBootstrapCreatesOneSuperadmin(t *testing.T) {
	t.Parallel()
	s, db := newStore(t)
	ctx := t.Context()
	h := password.New(password.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	var wg sync.WaitGroup
	results := make([]domain.BootstrapResult, 2)
	errc := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			results[i], errc[i] = domain.New(domain.Deps{Companies: s, Users: s, Hasher: h}).Bootstrap(ctx, "admin@copydesk.local", "")
		})
	}
	wg.Wait()
	created := 0
	for i := range 2 {
		if errc[i] != nil {
			t.Fatalf("bootstrap %d: %v", i, errc[i])
		}
		if results[i].Created {
			created++
		}
	}
	if created != 1 {
		t.Fatalf("%d bootstraps report a created superadmin, want 1", created)
	}
	n, _ := db.Collection(store.UsersColl).CountDocuments(ctx, bson.M{"role": principal.RoleSuperadmin})
	c, _ := db.Collection(store.CompaniesColl).CountDocuments(ctx, bson.M{"is_system": true})
	if n != 1 || c != 1 {
		t.Fatalf("%d superadmins and %d system companies, want 1 and 1", n, c)
	}
	again, err := domain.New(domain.Deps{Companies: s, Users: s, Hasher: h}).Bootstrap(ctx, "admin@copydesk.local", "")
	if err != nil || again.Created {
		t.Fatalf("third bootstrap: %+v %v", again, err)
	}
}
