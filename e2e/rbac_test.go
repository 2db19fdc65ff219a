package e2e

import (
	"net/http"
	"testing"
)

var roles = []string{"superadmin", "company_admin", "content_manager", "content_writer", "client"}

// Expected outcomes in the table: ok is any 2xx; deny is 403 or 404.
const (
	ok   = http.StatusOK
	deny = -1
	no   = http.StatusForbidden
	nf   = http.StatusNotFound
	inv  = http.StatusUnprocessableEntity
)

// world is the company the actors work in, and one actor per role (the
// superadmin actor lives in the system company).
type world struct {
	company string
	actors  map[string]session
}

func newWorld(t *testing.T) *world {
	t.Helper()
	co, _ := newCompany(t)
	w := &world{company: co, actors: map[string]session{}}
	for _, role := range roles {
		home := co
		if role == "superadmin" {
			home = env.admin.CompanyID
		}
		w.actors[role] = newSession(t, home, role)
	}
	return w
}

// TestRBAC is the role × action table of ARCHITECTURE §3 for companies and
// users. Every mutating call is followed by a read as the superadmin that
// checks the stored state matches the answer (done, or unchanged).
func TestRBAC(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	table := []struct {
		action string
		want   [5]int // superadmin, company_admin, content_manager, content_writer, client
	}{
		{"create company", [5]int{ok, no, no, no, no}},
		{"get own company", [5]int{ok, ok, no, no, no}},
		{"list companies", [5]int{ok, ok, no, no, no}},
		{"update company", [5]int{ok, no, no, no, no}},
		{"delete company", [5]int{ok, nf, no, no, no}}, // another company is invisible to a company_admin: 404
		{"create user", [5]int{ok, ok, no, no, no}},
		{"get colleague", [5]int{ok, ok, ok, ok, nf}},
		{"list users", [5]int{ok, ok, ok, ok, ok}},
		{"update colleague", [5]int{ok, ok, no, no, nf}},
		{"delete colleague", [5]int{ok, ok, no, no, nf}},
		{"read self", [5]int{ok, ok, ok, ok, ok}},
		{"rename self", [5]int{ok, ok, ok, ok, ok}},
		{"change own password", [5]int{ok, ok, ok, ok, ok}},
		{"change own password with wrong old", [5]int{inv, inv, inv, inv, inv}},
		{"create superadmin", [5]int{ok, no, no, no, no}},
		{"create user in another company", [5]int{ok, deny, deny, deny, deny}},
		{"promote colleague to superadmin", [5]int{ok, no, no, no, nf}},
	}
	for _, row := range table {
		act, found := actions[row.action]
		if !found {
			t.Fatalf("no action %q", row.action)
		}
		for i, role := range roles {
			expect := row.want[i]
			t.Run(row.action+"/"+role, func(t *testing.T) {
				t.Parallel()
				r, verify := act(t, w, role)
				allowed := r.ok()
				switch {
				case expect == ok && !allowed,
					expect == deny && r.status != no && r.status != nf,
					expect != ok && expect != deny && r.status != expect:
					t.Fatalf("%s as %s: %s, want %s", row.action, role, r, statusName(expect))
				}
				verify(t, allowed)
			})
		}
	}
}

func statusName(s int) string {
	switch s {
	case ok:
		return "2xx"
	case deny:
		return "403 or 404"
	}
	return http.StatusText(s)
}
