package e2e

import (
	"net/http"
	"reflect"
	"testing"
)

// TestTenantIsolationByID: a company A admin gets 404 for every endpoint
// that takes a company B id, and B's rows stay as they were.
func TestTenantIsolationByID(t *testing.T) {
	t.Parallel()
	coA, _ := newCompany(t)
	coB, _ := newCompany(t)
	adminA := newSession(t, coA, "company_admin")
	userB := newUser(t, coB, "content_writer")
	before := map[string]map[string]any{
		"/api/users/" + userB.ID: adminGet(t, "/api/users/"+userB.ID).obj(t),
		"/api/companies/" + coB:  adminGet(t, "/api/companies/"+coB).obj(t),
	}
	cases := []struct{ method, path string }{
		{http.MethodGet, "/api/users/" + userB.ID},
		{http.MethodPatch, "/api/users/" + userB.ID},
		{http.MethodPut, "/api/users/" + userB.ID},
		{http.MethodDelete, "/api/users/" + userB.ID},
		{http.MethodGet, "/api/companies/" + coB},
		{http.MethodPatch, "/api/companies/" + coB},
		{http.MethodPut, "/api/companies/" + coB},
		{http.MethodDelete, "/api/companies/" + coB},
	}
	for _, c := range cases {
		var body any
		if c.method == http.MethodPatch || c.method == http.MethodPut {
			if c.path == "/api/companies/"+coB {
				body = map[string]any{"name": uniq("Pwned"), "is_active": false}
			} else {
				body = map[string]any{"full_name": "Pwned", "is_active": false}
			}
		}
		r := call(t, c.method, c.path, adminA.Access, body)
		if r.status != http.StatusNotFound {
			t.Errorf("%s %s as company A admin: %s, want 404", c.method, c.path, r)
		}
	}
	for path, was := range before {
		if now := adminGet(t, path).obj(t); !reflect.DeepEqual(now, was) {
			t.Errorf("%s changed:\nbefore %v\nafter  %v", path, was, now)
		}
	}
}

// TestTenantIsolationInLists: whatever the filters, no role of company A
// ever sees a row of company B.
func TestTenantIsolationInLists(t *testing.T) {
	t.Parallel()
	coA, _ := newCompany(t)
	coB, nameB := newCompany(t)
	userB := newUser(t, coB, "content_writer")
	newUser(t, coB, "company_admin")
	queries := []string{
		"",
		q("company_id", coB),
		q("q", userB.Email),
		q("q", "e2e.example.com", "limit", "1000"),
		q("role", "content_writer"),
		q("role", "company_admin"),
		q("is_active", "true", "limit", "1000"),
		q("company_id", coB, "q", userB.Email, "role", "content_writer"),
		q("sort", "email", "order", "desc", "limit", "1000"),
	}
	for _, role := range roles[1:] {
		a := newSession(t, coA, role)
		for _, qs := range queries {
			r := call(t, http.MethodGet, "/api/users"+qs, a.Access, nil)
			if r.status == http.StatusOK {
				for _, u := range r.list(t) {
					if str(u, "company_id") != coA {
						t.Errorf("%s lists %s and sees %v", role, qs, u)
					}
				}
			} else if r.status < 400 || r.status >= 500 {
				t.Errorf("%s lists %s: %s", role, qs, r)
			}
		}
		for _, qs := range []string{"", q("q", nameB), q("q", coB, "limit", "1000")} {
			r := call(t, http.MethodGet, "/api/companies"+qs, a.Access, nil)
			if r.status != http.StatusOK {
				continue // only admins list companies (see TestRBAC)
			}
			for _, c := range r.list(t) {
				if str(c, "id") != coA {
					t.Errorf("%s lists companies %s and sees %v", role, qs, c)
				}
			}
		}
	}
}
