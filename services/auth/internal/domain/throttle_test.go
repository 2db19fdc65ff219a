package domain

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
)

func (f *fixture) loginFrom(t *testing.T, addr, user, pass, company string) error {
	t.Helper()
	_, err := f.svc.Login(t.Context(), LoginRequest{Username: user, Password: pass, CompanyID: company, ClientAddr: addr})
	return err
}

// An attacker who locks an account from their address does not keep its
// user out: the user logs in from another address.
func TestLockoutIsPerAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for range testMaxFailures {
		_ = f.loginFrom(t, "198.51.100.7", "alice@example.com", "wrong", "")
	}
	retryAfter(t, f.loginFrom(t, "198.51.100.7", "alice@example.com", "correct horse", ""))
	if err := f.loginFrom(t, "203.0.113.1", "alice@example.com", "correct horse", ""); err != nil {
		t.Fatalf("the user at another address: %v, want a login", err)
	}
}

// A company admin who creates an account with the victim's email in their
// own company and logs in with it does not reset the count of guesses at
// the victim's password (with or without naming a company).
func TestSuccessInAnotherCompanyKeepsTheCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const attacker, mine = "198.51.100.7", "64c000000000000000000009"
	f.dir.set(fakeUser{Account: Account{ID: "64b000000000000000000009", CompanyID: mine, Role: "company_admin", Active: true, CompanyActive: true},
		Email: "alice@example.com", Password: "attacker's own"})
	guesses := 0
	for range 3 * testMaxFailures {
		err := f.loginFrom(t, attacker, "alice@example.com", "guess", "")
		if !errors.Is(err, errs.ErrUnauthenticated) {
			break
		}
		guesses++
		if guesses%(testMaxFailures-1) == 0 { // reset attempts, with and without company_id
			_ = f.loginFrom(t, attacker, "alice@example.com", "attacker's own", "")
			_ = f.loginFrom(t, attacker, "alice@example.com", "attacker's own", mine)
		}
	}
	if guesses != testMaxFailures {
		t.Fatalf("%d guesses before the lock, want %d: the attacker's own logins reset the count", guesses, testMaxFailures)
	}
	// a user whose login no other company uses still gets a fresh count
	// after a success (TestSuccessResetsFailures)
}
