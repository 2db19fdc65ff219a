package e2e

import (
	"net/http"
	"testing"
	"time"
)

// An access token stops working within 5 seconds of its user's logout,
// password change, deactivation or role change (before: it lived until it
// expired, 15 minutes); a token of a new login works.
func TestAccessTokenEndsWithinSeconds(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	for _, tc := range []struct {
		name string
		end  func(t *testing.T, u session)
		// relogin: how the user gets a working token afterwards ("" none)
		relogin func(t *testing.T, u session) session
	}{
		{"logout", func(t *testing.T, u session) {
			if r := call(t, http.MethodPost, "/auth/logout", u.Access, map[string]string{"refresh_token": u.Refresh}); !r.ok() {
				t.Fatalf("logout: %s", r)
			}
		}, func(t *testing.T, u session) session { return login(t, u.Email, u.Password) }},
		{"password change", func(t *testing.T, u session) {
			if r := call(t, http.MethodPost, "/api/users/me/password", u.Access,
				map[string]any{"current_password": u.Password, "new_password": u.Password + "-new"}); !r.ok() {
				t.Fatalf("change password: %s", r)
			}
		}, func(t *testing.T, u session) session { return login(t, u.Email, u.Password+"-new") }},
		{"deactivation", func(t *testing.T, u session) {
			want(t, call(t, http.MethodPatch, "/api/users/"+u.ID, env.admin.Access, map[string]any{"is_active": false}), http.StatusOK)
		}, nil},
		{"role change", func(t *testing.T, u session) {
			want(t, call(t, http.MethodPatch, "/api/users/"+u.ID, env.admin.Access, map[string]any{"role": "client"}), http.StatusOK)
		}, func(t *testing.T, u session) session { return login(t, u.Email, u.Password) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u := newUser(t, co, "content_writer")
			s := login(t, u.Email, u.Password)
			s.ID, s.Email, s.Password = u.ID, u.Email, u.Password
			want(t, call(t, http.MethodGet, "/auth/me", s.Access, nil), http.StatusOK)
			tc.end(t, s)
			deadline := time.Now().Add(5 * time.Second)
			for {
				r := call(t, http.MethodGet, "/auth/me", s.Access, nil)
				if r.status == http.StatusUnauthorized {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the old access token still answers %d 5s after the %s", r.status, tc.name)
				}
				time.Sleep(100 * time.Millisecond)
			}
			if tc.relogin != nil {
				want(t, call(t, http.MethodGet, "/auth/me", tc.relogin(t, s).Access, nil), http.StatusOK)
			}
		})
	}
}
