package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// action performs one call as the world's actor of role and returns the
// answer and a check of the stored state (allowed: the call succeeded).
type action func(t *testing.T, w *world, role string) (response, func(t *testing.T, allowed bool))

var actions = map[string]action{
	"create company":                     createCompanyAction,
	"get own company":                    readAction(func(w *world, _ session) string { return "/api/companies/" + w.company }),
	"list companies":                     listCompaniesAction,
	"update company":                     updateCompanyAction,
	"delete company":                     deleteCompanyAction,
	"create user":                        createUserAction("content_writer", false),
	"get colleague":                      getColleagueAction,
	"list users":                         listUsersAction,
	"update colleague":                   patchColleagueAction("full_name", "Renamed Colleague"),
	"delete colleague":                   deleteColleagueAction,
	"read self":                          readAction(func(_ *world, a session) string { return "/api/users/" + a.ID }),
	"rename self":                        renameSelfAction,
	"change own password":                changePasswordAction(true),
	"change own password with wrong old": changePasswordAction(false),
	"create superadmin":                  createUserAction("superadmin", false),
	"create user in another company":     createUserAction("content_writer", true),
	"promote colleague to superadmin":    patchColleagueAction("role", "superadmin"),
}

func nothing(*testing.T, bool) {}

func readAction(path func(*world, session) string) action {
	return func(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
		a := w.actors[role]
		return call(t, http.MethodGet, path(w, a), a.Access, nil), nothing
	}
}

func createCompanyAction(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
	name := uniq("RBAC Co")
	r := call(t, http.MethodPost, "/api/companies", w.actors[role].Access, map[string]any{"name": name})
	return r, func(t *testing.T, allowed bool) {
		if n := adminCount(t, "/api/companies"+q("q", name)); (n == 1) != allowed {
			t.Errorf("companies named %q: %d (allowed=%v)", name, n, allowed)
		}
	}
}

func listCompaniesAction(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
	a := w.actors[role]
	r := call(t, http.MethodGet, "/api/companies"+q("limit", "1000"), a.Access, nil)
	return r, func(t *testing.T, allowed bool) {
		if !allowed || role == "superadmin" {
			return
		}
		for _, c := range r.list(t) {
			if str(c, "id") != a.CompanyID {
				t.Errorf("%s sees company %s", role, c["id"])
			}
		}
	}
}

func updateCompanyAction(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
	desc := uniq("desc")
	r := call(t, http.MethodPatch, "/api/companies/"+w.company, w.actors[role].Access, map[string]any{"description": desc})
	return r, func(t *testing.T, allowed bool) {
		got := str(adminGet(t, "/api/companies/"+w.company).obj(t), "description")
		if (got == desc) != allowed {
			t.Errorf("description %q after update (allowed=%v)", got, allowed)
		}
	}
}

func deleteCompanyAction(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
	target, _ := newCompany(t)
	r := call(t, http.MethodDelete, "/api/companies/"+target, w.actors[role].Access, nil)
	return r, func(t *testing.T, allowed bool) {
		if got := adminGet(t, "/api/companies/"+target).status; (got == http.StatusNotFound) != allowed {
			t.Errorf("GET deleted company: %d (allowed=%v)", got, allowed)
		}
	}
}

func createUserAction(newRole string, otherCompany bool) action {
	return func(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
		a := w.actors[role]
		co := a.CompanyID
		if otherCompany {
			co, _ = newCompany(t)
		}
		email := uniq("new") + "@e2e.example.com"
		r := call(t, http.MethodPost, "/api/users", a.Access, map[string]any{
			"email": email, "full_name": "New User", "role": newRole, "password": "pw-" + stack.RandomString(8), "company_id": co,
		})
		return r, func(t *testing.T, allowed bool) {
			rows := adminGet(t, "/api/users"+q("q", email, "limit", "1000")).list(t)
			if (len(rows) == 1) != allowed {
				t.Fatalf("users with %s: %d (allowed=%v)", email, len(rows), allowed)
			}
			if allowed && (str(rows[0], "role") != newRole || str(rows[0], "company_id") != co) {
				t.Errorf("stored user %v, want role %s in %s", rows[0], newRole, co)
			}
		}
	}
}

func getColleagueAction(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
	target := newUser(t, w.company, "content_writer")
	r := call(t, http.MethodGet, "/api/users/"+target.ID, w.actors[role].Access, nil)
	return r, func(t *testing.T, allowed bool) {
		if allowed && !strings.EqualFold(str(r.obj(t), "email"), target.Email) {
			t.Errorf("got %s, want %s", r.body, target.Email)
		}
	}
}

func listUsersAction(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
	a := w.actors[role]
	r := call(t, http.MethodGet, "/api/users"+q("limit", "1000"), a.Access, nil)
	return r, func(t *testing.T, allowed bool) {
		if !allowed || role == "superadmin" {
			return
		}
		rows := r.list(t)
		for _, u := range rows {
			if str(u, "company_id") != a.CompanyID || (role == "client" && str(u, "id") != a.ID) {
				t.Errorf("%s sees user %v", role, u)
			}
		}
		if len(rows) == 0 {
			t.Errorf("%s sees no users, not even itself", role)
		}
	}
}

func patchColleagueAction(field, value string) action {
	return func(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
		target := newUser(t, w.company, "content_writer")
		r := call(t, http.MethodPatch, "/api/users/"+target.ID, w.actors[role].Access, map[string]any{field: value})
		return r, func(t *testing.T, allowed bool) {
			got := str(adminGet(t, "/api/users/"+target.ID).obj(t), field)
			if (got == value) != allowed {
				t.Errorf("%s = %q after update (allowed=%v)", field, got, allowed)
			}
		}
	}
}

func deleteColleagueAction(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
	target := newUser(t, w.company, "content_writer")
	r := call(t, http.MethodDelete, "/api/users/"+target.ID, w.actors[role].Access, nil)
	return r, func(t *testing.T, allowed bool) {
		if got := adminGet(t, "/api/users/"+target.ID).status; (got == http.StatusNotFound) != allowed {
			t.Errorf("GET deleted user: %d (allowed=%v)", got, allowed)
		}
	}
}

func renameSelfAction(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
	a := w.actors[role]
	name := uniq("Self")
	r := call(t, http.MethodPatch, "/api/users/"+a.ID, a.Access, map[string]any{"full_name": name})
	return r, func(t *testing.T, allowed bool) {
		if got := str(adminGet(t, "/api/users/"+a.ID).obj(t), "full_name"); (got == name) != allowed {
			t.Errorf("full_name = %q (allowed=%v)", got, allowed)
		}
	}
}

func changePasswordAction(rightOld bool) action {
	return func(t *testing.T, w *world, role string) (response, func(*testing.T, bool)) {
		home := w.actors[role].CompanyID
		s := newSession(t, home, role) // its own user: other subtests keep their passwords
		old := s.Password
		if !rightOld {
			old += "-wrong"
		}
		next := "pw-" + stack.RandomString(8)
		r := call(t, http.MethodPost, "/api/users/me/password", s.Access, map[string]any{"current_password": old, "new_password": next})
		return r, func(t *testing.T, allowed bool) {
			works, kept := next, s.Password
			if !allowed {
				works, kept = s.Password, next
			}
			login(t, s.Email, works)
			if r := call(t, http.MethodPost, "/auth/token", "", tokenForm(s.Email, kept)); r.ok() {
				t.Errorf("login with the other password works: %s", r)
			}
			if !allowed && r.status == http.StatusUnprocessableEntity {
				checkValidation(t, r)
			}
		}
	}
}
