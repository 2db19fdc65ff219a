package domain

import (
	"context"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Failed logins are counted per account: the key is the trimmed, lowercased
// username, whether or not such a user exists, so an unknown user is
// throttled exactly like a known one and the answers do not tell them apart.
//
// After Config.MaxFailures failures within Config.Lockout the account is
// locked for Config.Lockout. While it is locked a login is refused with 429
// and a Retry-After of the time left, without checking the password (the
// attempt that reaches the limit still gets the ordinary 401). A successful
// login forgets the failures.

const lockedMsg = "Too many failed login attempts; try again later"

func throttleKey(username string) string {
	return strings.ToLower(strings.TrimSpace(username))
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
