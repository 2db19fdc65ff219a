package domain

import (
	"testing"
	"time"
)

// changePassword does what the users service does on a password change:
// new password, credentials_changed_at = now.
func (f *fixture) changePassword(pass string) time.Time {
	at := f.clock.Now()
	u := f.dir.users[aliceID]
	u.Password, u.CredentialsChangedAt = pass, at
	f.dir.set(u)
	return at
}

// family reads the family of a presented token and whether it is revoked.
func (f *fixture) family(t *testing.T, token string) (string, bool) {
	t.Helper()
	rec, err := f.tokens.Get(t.Context(), HashRefreshToken(token))
	if err != nil {
		t.Fatal(err)
	}
	revoked, _ := f.tokens.FamilyRevoked(t.Context(), rec.FamilyID)
	return rec.FamilyID, revoked
}

// TestPasswordChangeEndsOlderSessions: after a password change, every
// refresh token created before it (first tokens of a login and rotated
// ones alike) is refused with the usual 401 and its family is revoked;
// sessions begun after it work.
func TestPasswordChangeEndsOlderSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	s1 := mustLogin(t, f)
	s2 := mustLogin(t, f)
	f.clock.Advance(time.Minute)
	s2, err := f.svc.Refresh(ctx, s2.RefreshToken) // a rotated token, still older than the change
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	f.changePassword("new horse battery")
	f.clock.Advance(time.Second)

	for name, tok := range map[string]string{"first token of a login": s1.RefreshToken, "rotated token": s2.RefreshToken} {
		_, err := f.svc.Refresh(ctx, tok)
		wantInvalidRefresh(t, err)
		if fam, revoked := f.family(t, tok); !revoked {
			t.Fatalf("%s: family %s not revoked", name, fam)
		}
		// Still refused on a second try (now as a revoked token).
		_, err = f.svc.Refresh(ctx, tok)
		wantInvalidRefresh(t, err)
	}

	if _, err := f.login(t, "alice@example.com", "correct horse"); err == nil {
		t.Fatal("login with the old password succeeded")
	}
	fresh, err := f.login(t, "alice@example.com", "new horse battery")
	if err != nil {
		t.Fatalf("login with the new password: %v", err)
	}
	f.clock.Advance(time.Minute)
	next, err := f.svc.Refresh(ctx, fresh.RefreshToken)
	if err != nil {
		t.Fatalf("refresh of a session begun after the change: %v", err)
	}
	if _, err := f.svc.Refresh(ctx, next.RefreshToken); err != nil {
		t.Fatalf("second refresh after the change: %v", err)
	}
}

// TestPasswordChangeBoundary: the comparison is "created before the
// change"; a user whose password never changed (zero time) is unaffected.
func TestPasswordChangeBoundary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		changed func(created time.Time) time.Time
		ok      bool
	}{
		{"never changed", func(time.Time) time.Time { return time.Time{} }, true},
		{"changed long before the login", func(c time.Time) time.Time { return c.Add(-time.Hour) }, true},
		{"changed at the login's instant", func(c time.Time) time.Time { return c }, true},
		{"changed a millisecond after the login", func(c time.Time) time.Time { return c.Add(time.Millisecond) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			created := f.clock.Now()
			pair := mustLogin(t, f)
			u := f.dir.users[aliceID]
			u.CredentialsChangedAt = tt.changed(created)
			f.dir.set(u)
			f.clock.Advance(time.Minute)
			_, err := f.svc.Refresh(t.Context(), pair.RefreshToken)
			if tt.ok {
				if err != nil {
					t.Fatalf("refresh: %v", err)
				}
				return
			}
			wantInvalidRefresh(t, err)
			if _, revoked := f.family(t, pair.RefreshToken); !revoked {
				t.Fatal("family not revoked")
			}
		})
	}
}
