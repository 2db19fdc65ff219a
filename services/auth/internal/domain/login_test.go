package domain

import (
	"errors"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
)

func TestLoginInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		req        LoginRequest
		wantKind   error    // nil: success
		wantFields []string // for validation errors
	}{
		{name: "grant_type password", req: LoginRequest{GrantType: "password", Username: "alice@example.com", Password: "correct horse"}},
		{name: "grant_type empty", req: LoginRequest{Username: "alice@example.com", Password: "correct horse"}},
		{name: "grant_type other", req: LoginRequest{GrantType: "client_credentials", Username: "alice@example.com", Password: "correct horse"}, wantKind: errs.ErrBadRequest},
		{name: "grant_type wrong case", req: LoginRequest{GrantType: "Password", Username: "alice@example.com", Password: "correct horse"}, wantKind: errs.ErrBadRequest},
		{name: "missing both", req: LoginRequest{GrantType: "password"}, wantFields: []string{"username", "password"}},
		{name: "blank username", req: LoginRequest{Username: "   ", Password: "x"}, wantFields: []string{"username"}},
		{name: "malformed company_id", req: LoginRequest{Username: "alice@example.com", Password: "x", CompanyID: "nope"}, wantFields: []string{"company_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			pair, err := f.svc.Login(t.Context(), tt.req)
			switch {
			case tt.wantFields != nil:
				var ve *errs.ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("err = %v, want a validation error", err)
				}
				var got []string
				for _, v := range ve.Violations {
					got = append(got, v.Field)
				}
				if len(got) != len(tt.wantFields) || got[0] != tt.wantFields[0] {
					t.Fatalf("violations on %v, want %v", got, tt.wantFields)
				}
			case tt.wantKind != nil:
				if !errors.Is(err, tt.wantKind) || err.Error() != "unsupported_grant_type" {
					t.Fatalf("err = %v, want %v unsupported_grant_type", err, tt.wantKind)
				}
			default:
				if err != nil {
					t.Fatalf("login: %v", err)
				}
				p, err := f.jwt.Verify(pair.AccessToken)
				if err != nil || p.UserID != aliceID || p.CompanyID != companyID || p.Role != "content_writer" {
					t.Fatalf("access token principal = %+v, %v", p, err)
				}
				if pair.ExpiresIn != 15*time.Minute || pair.RefreshToken == "" {
					t.Fatalf("pair = %+v", pair)
				}
				if _, err := f.tokens.Get(t.Context(), pair.RefreshToken); !errors.Is(err, ErrTokenUnknown) {
					t.Fatal("refresh token stored in plaintext")
				}
				if _, err := f.tokens.Get(t.Context(), HashRefreshToken(pair.RefreshToken)); err != nil {
					t.Fatalf("refresh token hash not stored: %v", err)
				}
			}
			if tt.wantKind != nil || tt.wantFields != nil {
				if f.dir.checks != 0 {
					t.Fatal("password checked for an invalid request")
				}
			}
		})
	}
}

// failUntilLocked makes testMaxFailures wrong logins and checks each gets
// the ordinary 401.
func failUntilLocked(t *testing.T, f *fixture, user string) {
	t.Helper()
	for i := range testMaxFailures {
		_, err := f.login(t, user, "wrong")
		if !errors.Is(err, errs.ErrUnauthenticated) || err.Error() != "Incorrect username or password" {
			t.Fatalf("failure %d: err = %v, want 401 Incorrect username or password", i+1, err)
		}
	}
}

func retryAfter(t *testing.T, err error) time.Duration {
	t.Helper()
	var rl *errs.RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v, want *errs.RateLimitedError", err)
	}
	if rl.Msg != "Too many failed login attempts; try again later" {
		t.Fatalf("message %q", rl.Msg)
	}
	return rl.RetryAfter
}

func TestLockoutAfterMaxFailures(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	failUntilLocked(t, f, "alice@example.com")
	checks := f.dir.checks

	// Locked: even the right password is refused, without being checked.
	_, err := f.login(t, "alice@example.com", "correct horse")
	if got := retryAfter(t, err); got != testLockout {
		t.Fatalf("Retry-After = %v, want %v", got, testLockout)
	}
	f.clock.Advance(4 * time.Minute)
	_, err = f.login(t, " ALICE@example.com ", "correct horse") // same account
	if got := retryAfter(t, err); got != testLockout-4*time.Minute {
		t.Fatalf("Retry-After = %v, want %v", got, testLockout-4*time.Minute)
	}
	if f.dir.checks != checks {
		t.Fatalf("password checked %d times while locked", f.dir.checks-checks)
	}

	// Another account is not affected.
	f.dir.set(fakeUser{Account: Account{ID: "64b000000000000000000002", CompanyID: companyID, Role: "client", Active: true, CompanyActive: true}, Email: "bob@example.com", Password: "pw"})
	if _, err := f.login(t, "bob@example.com", "pw"); err != nil {
		t.Fatalf("other account: %v", err)
	}

	// After the lock, the right password works again.
	f.clock.Advance(testLockout - 4*time.Minute)
	if _, err := f.login(t, "alice@example.com", "correct horse"); err != nil {
		t.Fatalf("after lockout: %v", err)
	}
}

func TestSuccessResetsFailures(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for range testMaxFailures - 1 {
		_, _ = f.login(t, "alice@example.com", "wrong")
	}
	if _, err := f.login(t, "alice@example.com", "correct horse"); err != nil {
		t.Fatalf("login: %v", err)
	}
	// A fresh count: max-1 failures do not lock, the max-th does.
	for range testMaxFailures - 1 {
		_, _ = f.login(t, "alice@example.com", "wrong")
	}
	if _, err := f.login(t, "alice@example.com", "correct horse"); err != nil {
		t.Fatalf("locked although the count was reset: %v", err)
	}
}

func TestFailuresOutsideWindowDoNotAddUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for range testMaxFailures - 1 {
		_, _ = f.login(t, "alice@example.com", "wrong")
	}
	f.clock.Advance(testLockout + time.Second)
	_, _ = f.login(t, "alice@example.com", "wrong")
	if _, err := f.login(t, "alice@example.com", "correct horse"); err != nil {
		t.Fatalf("locked by failures of an old window: %v", err)
	}
}

func TestUnknownUserThrottledLikeKnown(t *testing.T) {
	t.Parallel()
	answers := func(user string) []string {
		f := newFixture(t)
		var out []string
		for range testMaxFailures + 1 {
			_, err := f.login(t, user, "wrong")
			var rl *errs.RateLimitedError
			if errors.As(err, &rl) {
				out = append(out, "429 "+rl.Msg+" "+rl.RetryAfter.String())
				continue
			}
			if !errors.Is(err, errs.ErrUnauthenticated) {
				t.Fatalf("%s: err = %v", user, err)
			}
			out = append(out, "401 "+err.Error())
		}
		return out
	}
	known, unknown := answers("alice@example.com"), answers("nobody@example.com")
	for i := range known {
		if known[i] != unknown[i] {
			t.Fatalf("attempt %d: known user %q, unknown user %q", i+1, known[i], unknown[i])
		}
	}
	if last := unknown[len(unknown)-1]; last[:3] != "429" {
		t.Fatalf("unknown user not locked: %v", unknown)
	}
}

func TestDirectoryOutageIsNotAFailedLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.dir.verifyEr = errs.New(errs.ErrUnavailable, "Users service unavailable")
	for range testMaxFailures + 1 {
		_, err := f.login(t, "alice@example.com", "correct horse")
		if !errors.Is(err, errs.ErrUnavailable) {
			t.Fatalf("err = %v, want unavailable", err)
		}
	}
	f.dir.verifyEr = nil
	if _, err := f.login(t, "alice@example.com", "correct horse"); err != nil {
		t.Fatalf("outage counted as failed logins: %v", err)
	}
}
