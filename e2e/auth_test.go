package e2e

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestLoginForm(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	u := newUser(t, co, "content_writer")
	r := call(t, http.MethodPost, "/auth/token", "", tokenForm(u.Email, u.Password))
	want(t, r, http.StatusOK)
	tok := r.obj(t)
	if str(tok, "access_token") == "" || str(tok, "refresh_token") == "" || !strings.EqualFold(str(tok, "token_type"), "bearer") {
		t.Fatalf("token answer: %s", r)
	}
	if n, _ := tok["expires_in"].(float64); n <= 0 {
		t.Errorf("expires_in = %v, want a positive number", tok["expires_in"])
	}
	if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
}

func TestMe(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	s := newSession(t, co, "content_manager")
	r := call(t, http.MethodGet, "/auth/me", s.Access, nil)
	want(t, r, http.StatusOK)
	me := r.obj(t)
	if str(me, "email") != s.Email || str(me, "company_id") != co || str(me, "role") != "content_manager" {
		t.Errorf("me = %s", r.body)
	}
	for k := range me {
		if strings.Contains(k, "password") || strings.Contains(k, "hash") {
			t.Errorf("me exposes %q", k)
		}
	}
	r = call(t, http.MethodGet, "/auth/me", "", nil)
	want(t, r, http.StatusUnauthorized)
	if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("WWW-Authenticate = %q", r.header.Get("WWW-Authenticate"))
	}
}

func refresh(t *testing.T, token string) response {
	t.Helper()
	return call(t, http.MethodPost, "/auth/refresh", "", map[string]string{"refresh_token": token})
}

func TestRefreshRotates(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	s := newSession(t, co, "client")
	r := refresh(t, s.Refresh)
	want(t, r, http.StatusOK)
	next := r.obj(t)
	if str(next, "refresh_token") == "" || str(next, "refresh_token") == s.Refresh {
		t.Fatalf("refresh token not rotated: %s", r)
	}
	if !strings.Contains(r.header.Get("Cache-Control"), "no-store") {
		t.Errorf("refresh Cache-Control = %q", r.header.Get("Cache-Control"))
	}
	want(t, call(t, http.MethodGet, "/auth/me", str(next, "access_token"), nil), http.StatusOK)
	want(t, refresh(t, s.Refresh), http.StatusUnauthorized) // spent
}

func TestRefreshReuseRevokesFamily(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	s := newSession(t, co, "content_writer")
	r := refresh(t, s.Refresh)
	want(t, r, http.StatusOK)
	newer := str(r.obj(t), "refresh_token")
	want(t, refresh(t, s.Refresh), http.StatusUnauthorized) // reuse of a spent token
	want(t, refresh(t, newer), http.StatusUnauthorized)     // ... revoked the whole family
}

func TestLogout(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	s := newSession(t, co, "content_writer")
	r := call(t, http.MethodPost, "/auth/logout", s.Access, map[string]string{"refresh_token": s.Refresh})
	if !r.ok() {
		t.Fatalf("logout: %s", r)
	}
	want(t, refresh(t, s.Refresh), http.StatusUnauthorized)
}

func TestTokenRefusesJSONAndQueryCredentials(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	u := newUser(t, co, "content_writer")
	cases := map[string]response{
		"json body": call(t, http.MethodPost, "/auth/token", "",
			map[string]string{"grant_type": "password", "username": u.Email, "password": u.Password}),
		"query string":         call(t, http.MethodPost, "/auth/token"+q("grant_type", "password", "username", u.Email, "password", u.Password), "", rawForm("")),
		"query and empty form": call(t, http.MethodPost, "/auth/token"+q("username", u.Email, "password", u.Password), "", tokenForm("", "")),
	}
	for name, r := range cases {
		if r.status < 400 || r.status >= 500 || strings.Contains(string(r.body), "access_token") {
			t.Errorf("%s: %s, want a 4xx without a token", name, r)
		}
	}
}

func TestWrongPasswordAndUnknownUserLookAlike(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	u := newUser(t, co, "content_writer")
	wrong := call(t, http.MethodPost, "/auth/token", "", tokenForm(u.Email, u.Password+"x"))
	unknown := call(t, http.MethodPost, "/auth/token", "", tokenForm(uniq("nobody")+"@e2e.example.com", u.Password))
	if wrong.status != http.StatusUnauthorized && wrong.status != http.StatusBadRequest {
		t.Errorf("wrong password: %s, want 401 or 400", wrong)
	}
	if wrong.status != unknown.status || string(wrong.body) != string(unknown.body) {
		t.Errorf("wrong password %s differs from unknown user %s", wrong, unknown)
	}
}

func TestLoginThrottled(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	u := newUser(t, co, "content_writer")
	var r response
	attempts := 0
	for attempts < maxFailures+1 {
		attempts++
		r = call(t, http.MethodPost, "/auth/token", "", tokenForm(u.Email, "wrong-password"))
		if r.status == http.StatusTooManyRequests {
			break
		}
	}
	if r.status != http.StatusTooManyRequests || attempts < maxFailures {
		t.Fatalf("after %d failures: %s, want 429 after %d", attempts, r, maxFailures)
	}
	r = call(t, http.MethodPost, "/auth/token", "", tokenForm(u.Email, u.Password))
	want(t, r, http.StatusTooManyRequests) // even the right password, while locked
	if secs, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || secs <= 0 {
		t.Errorf("Retry-After = %q, want seconds", r.header.Get("Retry-After"))
	}
	if strings.Contains(string(r.body), "access_token") {
		t.Errorf("locked login returned a token: %s", r)
	}
}
