package e2e

import (
	"net/http"
	"testing"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// tokenFrom logs in as a client at addr (the suite's gateway trusts the
// loopback proxy, so X-Forwarded-For names the client).
func tokenFrom(t *testing.T, addr, email, password string) response {
	t.Helper()
	return call(t, http.MethodPost, "/auth/token", "", tokenForm(email, password), "X-Forwarded-For", addr)
}

// Guessing a user's password locks the guesser's address only: the user
// logs in from theirs. And a company admin who creates the same email in
// their own company cannot reset the count of guesses by logging in with
// it between guesses.
func TestLoginThrottlePerAddressAndAccount(t *testing.T) {
	t.Parallel()
	victimCo, _ := newCompany(t)
	attackerCo, _ := newCompany(t)
	victim := newUser(t, victimCo, "content_writer")
	own := "pw-" + stack.RandomString(10)
	r := call(t, http.MethodPost, "/api/users", env.admin.Access, map[string]any{
		"email": victim.Email, "full_name": "Attacker's twin", "role": "company_admin", "password": own, "company_id": attackerCo,
	})
	if !r.ok() {
		t.Fatalf("the attacker's account with the victim's email: %s", r)
	}
	const attacker, user = "198.51.100.23", "203.0.113.45"
	guesses := 0
	for range 3 * maxFailures {
		if r := tokenFrom(t, attacker, victim.Email, "guess-"+stack.RandomString(6)); r.status != http.StatusUnauthorized {
			want(t, r, http.StatusTooManyRequests)
			break
		}
		guesses++
		if guesses%(maxFailures-1) == 0 { // the attacker's own login, to reset the count
			want(t, tokenFrom(t, attacker, victim.Email, own), http.StatusOK)
		}
	}
	if guesses != maxFailures {
		t.Fatalf("%d guesses before the lock, want %d", guesses, maxFailures)
	}
	want(t, tokenFrom(t, attacker, victim.Email, victim.Password), http.StatusTooManyRequests)
	want(t, tokenFrom(t, user, victim.Email, victim.Password), http.StatusOK)
}
