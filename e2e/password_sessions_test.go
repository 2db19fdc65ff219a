package e2e

import (
	"net/http"
	"testing"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// TestPasswordChangeEndsOtherSessions: a stolen refresh token must not
// outlive the victim's password change. Every session begun before the
// change ends (the one that made it too); a login with the new password
// works and can refresh.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	u := newUser(t, co, "content_writer")
	s1 := login(t, u.Email, u.Password)
	s2 := login(t, u.Email, u.Password) // e.g. the attacker's copy

	next := "pw-" + stack.RandomString(10)
	r := call(t, http.MethodPost, "/api/users/me/password", s1.Access,
		map[string]any{"current_password": u.Password, "new_password": next})
	if !r.ok() {
		t.Fatalf("change password: %s", r)
	}

	want(t, refresh(t, s2.Refresh), http.StatusUnauthorized)
	want(t, refresh(t, s2.Refresh), http.StatusUnauthorized) // and stays refused
	want(t, refresh(t, s1.Refresh), http.StatusUnauthorized) // the changing session began before the change too

	if r := call(t, http.MethodPost, "/auth/token", "", tokenForm(u.Email, u.Password)); r.status != http.StatusUnauthorized {
		t.Fatalf("login with the old password: %s", r)
	}
	fresh := login(t, u.Email, next)
	r = refresh(t, fresh.Refresh)
	want(t, r, http.StatusOK)
	r = refresh(t, str(r.obj(t), "refresh_token"))
	want(t, r, http.StatusOK)
	want(t, call(t, http.MethodGet, "/auth/me", str(r.obj(t), "access_token"), nil), http.StatusOK)
}

// TestPasswordResetByAdminEndsSessions: an administrator's reset ends the
// user's sessions the same way; changing anything else does not.
func TestPasswordResetByAdminEndsSessions(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	u := newUser(t, co, "client")
	s := login(t, u.Email, u.Password)

	r := call(t, http.MethodPatch, "/api/users/"+u.ID, env.admin.Access, map[string]any{"full_name": "Renamed Client"})
	want(t, r, http.StatusOK)
	r = refresh(t, s.Refresh)
	want(t, r, http.StatusOK) // a name change leaves the session alone
	rotated := str(r.obj(t), "refresh_token")

	reset := "pw-" + stack.RandomString(10)
	r = call(t, http.MethodPatch, "/api/users/"+u.ID, env.admin.Access, map[string]any{"password": reset})
	want(t, r, http.StatusOK)
	want(t, refresh(t, rotated), http.StatusUnauthorized)

	fresh := login(t, u.Email, reset)
	want(t, refresh(t, fresh.Refresh), http.StatusOK)
}
