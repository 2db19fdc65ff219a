package domain

import (
	"context"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
)

// PasswordThrottle limits wrong current passwords in ChangePassword the
// way auth limits failed logins: per (user, client address), at most
// MaxFailures within Window; past that the change is refused with 429 and
// a Retry-After of Window, without the password being checked. A stolen
// access token thus cannot be used to guess the current password (and so
// take the account over) faster than a login could, and an attacker's
// address being throttled does not throttle the user's.
type PasswordThrottle struct {
	MaxFailures int
	Window      time.Duration
}

func (s *Service) checkPasswordThrottle(ctx context.Context, key string) error {
	n, err := s.users.PasswordFailures(ctx, key, s.nowUTC().Add(-s.throttle.Window))
	if err != nil {
		return err
	}
	if n >= s.throttle.MaxFailures {
		return &errs.RateLimitedError{Msg: "Too many wrong passwords; try again later", RetryAfter: s.throttle.Window}
	}
	return nil
}

// PurgePasswordFailures deletes failures older than the window (periodic
// job).
func (s *Service) PurgePasswordFailures(ctx context.Context) (int64, error) {
	return s.users.PurgePasswordFailures(ctx, s.nowUTC().Add(-s.throttle.Window))
}
