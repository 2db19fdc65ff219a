package domain

import (
	"context"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Failed logins are counted per (login, company asked for, client
// address): the login is the trimmed, lowercased username field, whether
// or not such a user exists (an unknown user is throttled exactly like a
// known one and the answers do not tell them apart); the company is the
// company_id sent, or "*" for none; the address is the client's as the
// gateway saw it (x-copydesk-client-addr).
//
// After Config.MaxFailures failures within Config.Lockout the key is
// locked for Config.Lockout. While it is locked a login is refused with 429
// and a Retry-After of the time left, without checking the password (the
// attempt that reaches the limit still gets the ordinary 401).
//
//   - The address in the key: an attacker who locks an account from their
//     address locks only that address; the user logs in from theirs.
//   - A success forgets only failures that can only have been aimed at the
//     account that succeeded: those with its company_id, and those without
//     one unless another company's account uses the same login. So a
//     company admin who creates a user with a victim's email in their own
//     company and logs in with it does not reset the count of guesses at
//     the victim's password (before, the key was the email alone).

const lockedMsg = "Too many failed login attempts; try again later"

// anyCompany stands for "no company_id sent" in a throttle key.
const anyCompany = "*"

func throttleKey(username, companyID, addr string) string {
	if companyID == "" {
		companyID = anyCompany
	}
	return strings.ToLower(strings.TrimSpace(username)) + "|" + strings.ToLower(companyID) + "|" + addr
}

// successKeys are the keys a successful login of acct clears.
func successKeys(username string, req LoginRequest, acct Account) []string {
	keys := []string{throttleKey(username, acct.CompanyID, req.ClientAddr)}
	if req.CompanyID == "" && !acct.LoginShared {
		keys = append(keys, throttleKey(username, "", req.ClientAddr))
	}
	return keys
}

// checkLocked answers a *errs.RateLimitedError while key is locked.
func (s *Service) checkLocked(ctx context.Context, key string) error {
	t, err := s.Throttle.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("read login throttle: %w", err)
	}
	if left := t.LockedUntil.Sub(s.Now()); left > 0 {
		return &errs.RateLimitedError{Msg: lockedMsg, RetryAfter: left}
	}
	return nil
}

// recordFailure counts a failed login and locks the account when the count
// reaches the limit.
func (s *Service) recordFailure(ctx context.Context, key string) error {
	now := s.Now()
	t, err := s.Throttle.AddFailure(ctx, key, now, now.Add(-s.cfg.Lockout))
	if err != nil {
		return fmt.Errorf("count failed login: %w", err)
	}
	if t.Failures < s.cfg.MaxFailures {
		return nil
	}
	if err := s.Throttle.Lock(ctx, key, now.Add(s.cfg.Lockout)); err != nil {
		return fmt.Errorf("lock account: %w", err)
	}
	s.Log.WarnContext(ctx, "account locked after failed logins", "failures", t.Failures, "lockout", s.cfg.Lockout.String())
	return nil
}
