package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// createUser posts a user as the given admin and returns the answer.
func createUser(t *testing.T, token string, body map[string]any) response {
	t.Helper()
	return call(t, http.MethodPost, "/api/users", token, body)
}

// TestUsernameLoginAndAdminRename: a user created with a username logs in
// with it (any case) as with the email, /auth/me and the records carry it,
// the default is the email's local part, a name is unique per company only,
// admins rename (clash 409, malformed 422) and nobody else does.
func TestUsernameLoginAndAdminRename(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	co2, _ := newCompany(t)
	admin := newSession(t, co, "company_admin")
	name := "Writer." + strings.ToLower(uniq("w")) // unique across test runs on one stack
	w := map[string]any{"email": uniq("w") + "@e2e.example.com", "full_name": "W", "role": "content_writer",
		"password": "pw-writer-1", "username": name}
	r := createUser(t, admin.Access, w)
	want(t, r, http.StatusOK)
	writerID := str(r.obj(t), "id")
	if got := str(r.obj(t), "username"); got != name {
		t.Fatalf("created username = %q, want %q as typed", got, name)
	}

	// The token endpoint's username field takes the username in any case.
	s := login(t, strings.ToUpper(name), "pw-writer-1")
	if s.ID != writerID {
		t.Fatalf("login by username gave user %s, want %s", s.ID, writerID)
	}
	me := call(t, http.MethodGet, "/auth/me", s.Access, nil).obj(t)
	if str(me, "username") != name || str(me, "email") != w["email"] {
		t.Fatalf("/auth/me = %v, want username %q", me, name)
	}
	if got := login(t, w["email"].(string), "pw-writer-1"); got.ID != writerID {
		t.Fatalf("login by email gave %s", got.ID)
	}

	// The default is the email's local part (lower case).
	plain := newUser(t, co, "client")
	local, _, _ := strings.Cut(plain.Email, "@")
	if got := str(adminGet(t, "/api/users/"+plain.ID).obj(t), "username"); got != strings.ToLower(local) {
		t.Fatalf("default username = %q, want %q", got, strings.ToLower(local))
	}

	// The same name in another company is allowed; each logs in with its
	// own password, and one password matching both needs company_id.
	r = createUser(t, env.admin.Access, map[string]any{"email": uniq("o") + "@e2e.example.com", "full_name": "O",
		"role": "content_writer", "password": "pw-other-1", "username": strings.ToLower(name), "company_id": co2})
	want(t, r, http.StatusOK)
	otherID := str(r.obj(t), "id")
	if got := login(t, name, "pw-other-1"); got.ID != otherID || got.CompanyID != co2 {
		t.Fatalf("login by the shared username with the second password gave %s in %s", got.ID, got.CompanyID)
	}

	// Clashes in the company, whatever the case: 409 on create and rename.
	r = createUser(t, admin.Access, map[string]any{"email": uniq("c") + "@e2e.example.com", "full_name": "C",
		"role": "client", "password": "pw-clash-1", "username": strings.ToUpper(name)})
	want(t, r, http.StatusConflict)
	r = call(t, http.MethodPatch, "/api/users/"+plain.ID, admin.Access, map[string]any{"username": strings.ToUpper(name)})
	want(t, r, http.StatusConflict)

	// Malformed: 422 on username.
	for _, bad := range []string{"ab", "has space", "at@sign", strings.Repeat("x", 51)} {
		r = call(t, http.MethodPatch, "/api/users/"+writerID, admin.Access, map[string]any{"username": bad})
		want(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.body), `"username"`) {
			t.Fatalf("422 for %q does not name username: %s", bad, r)
		}
	}

	// The writer may not rename itself, but may send its name back unchanged.
	r = call(t, http.MethodPatch, "/api/users/me", s.Access, map[string]any{"username": "self-chosen"})
	want(t, r, http.StatusForbidden)
	r = call(t, http.MethodPatch, "/api/users/me", s.Access, map[string]any{"username": name, "full_name": "W2"})
	want(t, r, http.StatusOK)

	// The admin renames it: the new name logs in, the old one no longer.
	renamed := "renamed-" + strings.ToLower(uniq("r"))
	r = call(t, http.MethodPatch, "/api/users/"+writerID, admin.Access, map[string]any{"username": renamed})
	want(t, r, http.StatusOK)
	if got := str(r.obj(t), "username"); got != renamed {
		t.Fatalf("renamed username = %q", got)
	}
	if got := login(t, renamed, "pw-writer-1"); got.ID != writerID {
		t.Fatalf("login by the new name gave %s", got.ID)
	}
	r = call(t, http.MethodPost, "/auth/token", "", tokenForm(name, "pw-writer-1"))
	want(t, r, http.StatusUnauthorized)
	// The old name is free again in the company.
	r = call(t, http.MethodPatch, "/api/users/"+plain.ID, admin.Access, map[string]any{"username": name})
	want(t, r, http.StatusOK)
	// Lists find users by username.
	r = call(t, http.MethodGet, "/api/users?"+url.Values{"q": {renamed}}.Encode(), admin.Access, nil)
	if l := r.list(t); len(l) != 1 || str(l[0], "id") != writerID {
		t.Fatalf("q=%s found %s", renamed, r)
	}
}
