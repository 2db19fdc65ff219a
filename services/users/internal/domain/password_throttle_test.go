package domain

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Wrong current passwords are throttled like logins: past the limit from
// one address the change is 429 even with the right password (not
// checked), while the user at another address can still change it.
func TestChangePasswordThrottled(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	self := principal.Principal{UserID: w.target.ID, CompanyID: w.a.ID, Role: w.target.Role}
	const attacker, user = "198.51.100.7", "203.0.113.1"
	for i := range w.svc.throttle.MaxFailures {
		if err := w.svc.ChangePassword(ctx, self, attacker, "guess", "password-2"); outcome(err) != "422:current_password" {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	err := w.svc.ChangePassword(ctx, self, attacker, "password-1", "password-2")
	var rl *errs.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter <= 0 {
		t.Fatalf("after %d wrong passwords: %v, want 429 with Retry-After", w.svc.throttle.MaxFailures, err)
	}
	if err := w.svc.ChangePassword(ctx, self, user, "password-1", "password-2"); err != nil {
		t.Fatalf("the user at another address: %v", err)
	}
}
