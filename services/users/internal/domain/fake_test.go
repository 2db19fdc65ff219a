package domain

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// fakeStore is an in-memory CompanyStore and UserStore for the rule tests;
// the real queries are tested against the database in package store.
type fakeStore struct {
	mu        sync.Mutex
	seq       int
	companies map[string]Company
	users     map[string]User
	cutoffs   []Cutoff
	pwFails   map[string][]time.Time
}

func newFakeStore() *fakeStore {
	return &fakeStore{companies: map[string]Company{}, users: map[string]User{}}
}

func (f *fakeStore) id() string { f.seq++; return fmt.Sprintf("%024x", f.seq) }

func (f *fakeStore) CreateCompany(_ context.Context, c *Company) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range f.companies {
		if o.NameLower == c.NameLower {
			return errs.New(errs.ErrConflict, "dup")
		}
	}
	c.ID = f.id()
	f.companies[c.ID] = *c
	return nil
}

func (f *fakeStore) GetCompany(_ context.Context, id string) (Company, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.companies[id]
	if !ok {
		return Company{}, errs.ErrNotFound
	}
	return c, nil
}

func (f *fakeStore) SystemCompany(_ context.Context) (Company, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.companies {
		if c.IsSystem {
			return c, nil
		}
	}
	return Company{}, errs.ErrNotFound
}

func (f *fakeStore) CompanyNameTaken(_ context.Context, nameLower, exceptID string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.companies {
		if c.NameLower == nameLower && c.ID != exceptID {
			return true, nil
		}
	}
	return false, nil
}

func (f *fakeStore) ListCompanies(_ context.Context, cf CompanyFilter, _ Page) ([]Company, int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Company
	for _, c := range f.companies {
		if cf.OnlyID == "" || cf.OnlyID == c.ID {
			out = append(out, c)
		}
	}
	return out, int64(len(out)), nil
}

func (f *fakeStore) UpdateCompany(_ context.Context, id string, p CompanyPatch) (Company, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.companies[id]
	if !ok {
		return Company{}, errs.ErrNotFound
	}
	if p.Name != nil {
		c.Name, c.NameLower = *p.Name, *p.NameLower
	}
	if p.IsActive != nil {
		c.IsActive = *p.IsActive
	}
	f.companies[id] = c
	return c, nil
}

func (f *fakeStore) DeleteCompany(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.companies, id)
	return nil
}

func (f *fakeStore) CreateUser(_ context.Context, u *User) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range f.users {
		if o.CompanyID == u.CompanyID && (o.EmailLower == u.EmailLower || o.UsernameLower == u.UsernameLower) {
			return errs.New(errs.ErrConflict, "dup")
		}
	}
	u.ID = f.id()
	f.users[u.ID] = *u
	return nil
}

func (f *fakeStore) visible(s Scope, u User) bool {
	return u.DeletedAt == nil && (s.All || s.CompanyID == u.CompanyID)
}

func (f *fakeStore) GetUser(_ context.Context, s Scope, id string) (User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !s.Valid() {
		return User{}, fmt.Errorf("no tenant")
	}
	u, ok := f.users[id]
	if !ok || !f.visible(s, u) {
		return User{}, errs.ErrNotFound
	}
	return u, nil
}

func (f *fakeStore) ListUsers(_ context.Context, s Scope, uf UserFilter, _ Page) ([]User, int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []User
	for _, u := range f.users {
		if f.visible(s, u) && (uf.OnlyID == "" || uf.OnlyID == u.ID) &&
			(uf.Role == "" || uf.Role == u.Role) { // the scope alone picks companies
			out = append(out, u)
		}
	}
	return out, int64(len(out)), nil
}

func (f *fakeStore) UpdateUser(_ context.Context, s Scope, id string, p UserPatch) (User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[id]
	if !ok || !f.visible(s, u) {
		return User{}, errs.ErrNotFound
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&u.Email, p.Email)
	set(&u.EmailLower, p.EmailLower)
	set(&u.Username, p.Username)
	set(&u.UsernameLower, p.UsernameLower)
	set(&u.FullName, p.FullName)
	set(&u.Role, p.Role)
	set(&u.PasswordHash, p.PasswordHash)
	if p.PasswordChangedAt != nil {
		at := *p.PasswordChangedAt
		u.PasswordChangedAt = &at
	}
	if p.IsActive != nil {
		u.IsActive = *p.IsActive
	}
	f.users[id] = u
	return u, nil
}

func (f *fakeStore) SoftDeleteUser(_ context.Context, s Scope, id string, at time.Time) (User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[id]
	if !ok || !f.visible(s, u) {
		return User{}, errs.ErrNotFound
	}
	u.DeletedAt, u.IsActive, u.EmailLower = &at, false, "deleted:"+id+":"+u.EmailLower
	u.UsernameLower = "deleted:" + id + ":" + u.UsernameLower
	f.users[id] = u
	return u, nil
}

func (f *fakeStore) EmailTaken(_ context.Context, companyID, emailLower, exceptID string) (bool, error) {
	return f.taken(companyID, exceptID, func(u User) bool { return u.EmailLower == emailLower })
}

func (f *fakeStore) UsernameTaken(_ context.Context, companyID, usernameLower, exceptID string) (bool, error) {
	return f.taken(companyID, exceptID, func(u User) bool { return u.UsernameLower == usernameLower })
}

func (f *fakeStore) taken(companyID, exceptID string, match func(User) bool) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.users {
		if u.CompanyID == companyID && match(u) && u.ID != exceptID {
			return true, nil
		}
	}
	return false, nil
}

func (f *fakeStore) UsersByEmail(_ context.Context, s Scope, emailLower string) ([]User, error) {
	return f.usersBy(s, func(u User) bool { return u.EmailLower == emailLower })
}

func (f *fakeStore) UsersByUsername(_ context.Context, s Scope, usernameLower string) ([]User, error) {
	return f.usersBy(s, func(u User) bool { return u.UsernameLower == usernameLower })
}

func (f *fakeStore) usersBy(s Scope, match func(User) bool) ([]User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !s.Valid() {
		return nil, fmt.Errorf("no tenant")
	}
	var out []User
	for _, u := range f.users {
		if f.visible(s, u) && match(u) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (f *fakeStore) CountUsers(_ context.Context, companyID string) (int64, error) {
	us, _, _ := f.ListUsers(context.Background(), InCompany(companyID), UserFilter{}, Page{})
	return int64(len(us)), nil
}

func (f *fakeStore) SetLastLogin(_ context.Context, _ Scope, id string, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.users[id]
	u.LastLoginAt = &at
	f.users[id] = u
	return nil
}

func (f *fakeStore) HasSuperadmin(_ context.Context) (bool, error) {
	us, _, _ := f.ListUsers(context.Background(), AllCompanies(), UserFilter{Role: principal.RoleSuperadmin}, Page{})
	return len(us) > 0, nil
}

// plainHasher keeps the rule tests fast; internal/password is tested on
// its own.
type plainHasher struct{}

func (plainHasher) Hash(pw string) (string, error) { return "plain:" + pw, nil }
func (plainHasher) Verify(pw, enc string) bool {
	return strings.TrimPrefix(enc, "plain:") == pw && strings.HasPrefix(enc, "plain:")
}
func (plainHasher) Dummy(string) {}
