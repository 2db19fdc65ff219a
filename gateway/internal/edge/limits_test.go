package edge_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/copydesk/copydesk/pkg/principal"
)

func wantTooMany(t *testing.T, r resp, what string) {
	t.Helper()
	secs, err := strconv.Atoi(r.header.Get("Retry-After"))
	if r.code != http.StatusTooManyRequests || err != nil || secs < 1 {
		t.Fatalf("%s: %d Retry-After %q %s, want 429 with Retry-After >= 1", what, r.code, r.header.Get("Retry-After"), r.body)
	}
}

// Each user has a token bucket: past its burst a user gets 429 with
// Retry-After, and another user is not affected.
func TestRateLimitPerUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{vars: map[string]string{"RATE_LIMIT_USER_RPS": "1", "RATE_LIMIT_USER_BURST": "3"}})
	tok := "Authorization: Bearer " + e.token(t)
	for i := range 3 {
		if r := e.do(t, http.MethodGet, "/api/users", "", tok); r.code != http.StatusOK {
			t.Fatalf("request %d: %d %s", i+1, r.code, r.body)
		}
	}
	wantTooMany(t, e.do(t, http.MethodGet, "/api/users", "", tok), "4th request")
	if n := e.called("ListUsers"); n != 3 {
		t.Fatalf("backend saw %d calls, want 3 (the limited one never reaches it)", n)
	}
	other, err := e.tokens.Issue(principal.Principal{UserID: "u2", CompanyID: "c1", Role: principal.RoleContentWriter})
	if err != nil {
		t.Fatal(err)
	}
	if r := e.do(t, http.MethodGet, "/api/users", "", "Authorization: Bearer "+other); r.code != http.StatusOK {
		t.Fatalf("another user: %d %s", r.code, r.body)
	}
}

// The routes without a token are limited per client address; a forged
// X-Forwarded-For from an untrusted peer does not buy a fresh bucket, and
// bad tokens count against the address too.
func TestRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{vars: map[string]string{"RATE_LIMIT_ADDR_RPS": "1", "RATE_LIMIT_ADDR_BURST": "2"}})
	form := "Content-Type: application/x-www-form-urlencoded"
	login := func(xff string) resp {
		return e.do(t, http.MethodPost, "/auth/token", "username=a@b.c&password=pw", form, "X-Forwarded-For: "+xff)
	}
	for i := range 2 {
		if r := login("198.51.100." + strconv.Itoa(i)); r.code != http.StatusOK {
			t.Fatalf("login %d: %d %s", i+1, r.code, r.body)
		}
	}
	wantTooMany(t, login("198.51.100.9"), "3rd login from one address with a forged X-Forwarded-For")
	wantTooMany(t, e.do(t, http.MethodGet, "/api/users", "", "Authorization: Bearer not-a-token"), "a bad token from a limited address")
}

// Behind a trusted proxy the client is the first untrusted address from
// the right of X-Forwarded-For; the gateway forwards it to the services
// (auth keys login throttling on it) and never a client-set value.
func TestClientAddressBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{vars: map[string]string{"RATE_LIMIT_ADDR_RPS": "1", "RATE_LIMIT_ADDR_BURST": "1",
		"TRUSTED_PROXIES": "127.0.0.1/32"}})
	form := "Content-Type: application/x-www-form-urlencoded"
	for _, c := range []string{"203.0.113.1", "203.0.113.2"} {
		r := e.do(t, http.MethodPost, "/auth/token", "username=a@b.c&password=pw", form,
			"X-Forwarded-For: 6.6.6.6, "+c, "X-Copydesk-Client-Addr: 6.6.6.6")
		if r.code != http.StatusOK {
			t.Fatalf("client %s: %d %s", c, r.code, r.body)
		}
	}
	wantTooMany(t, e.do(t, http.MethodPost, "/auth/token", "username=a@b.c&password=pw", form,
		"X-Forwarded-For: 203.0.113.2"), "2nd login of 203.0.113.2")
	var got []string
	for _, c := range e.calls.all() {
		if c.method == "Token" {
			got = append(got, c.md.Get(principal.MDClientAddr)...)
		}
	}
	if len(got) != 2 || got[0] != "203.0.113.1" || got[1] != "203.0.113.2" {
		t.Fatalf("auth saw client addresses %v, want [203.0.113.1 203.0.113.2]", got)
	}
}
