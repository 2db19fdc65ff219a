package domain

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

func mustLogin(t *testing.T, f *fixture) TokenPair {
	t.Helper()
	pair, err := f.login(t, "alice@example.com", "correct horse")
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	return pair
}

func wantInvalidRefresh(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, errs.ErrUnauthenticated) || err.Error() != "Invalid refresh token" {
		t.Fatalf("err = %v, want 401 Invalid refresh token", err)
	}
}

func TestRefreshRotatesWithCurrentRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	first := mustLogin(t, f)
	u := f.dir.users[aliceID]
	u.Role = "content_manager" // promoted since login
	f.dir.set(u)

	second, err := f.svc.Refresh(t.Context(), first.RefreshToken)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if second.RefreshToken == first.RefreshToken {
		t.Fatal("refresh token not rotated")
	}
	p, err := f.jwt.Verify(second.AccessToken)
	if err != nil || p.Role != "content_manager" {
		t.Fatalf("new access token: %+v, %v; want the current role", p, err)
	}
	if _, err := f.svc.Refresh(t.Context(), second.RefreshToken); err != nil {
		t.Fatalf("second refresh: %v", err)
	}
}

func TestRefreshReuseRevokesFamily(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	first := mustLogin(t, f)
	other := mustLogin(t, f) // another session of the same user
	second, err := f.svc.Refresh(t.Context(), first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Refresh(t.Context(), first.RefreshToken) // reuse
	wantInvalidRefresh(t, err)
	_, err = f.svc.Refresh(t.Context(), second.RefreshToken) // the family is gone
	wantInvalidRefresh(t, err)
	if _, err := f.svc.Refresh(t.Context(), other.RefreshToken); err != nil {
		t.Fatalf("other session revoked too: %v", err)
	}
}

func TestRefreshRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(f *fixture, pair TokenPair) string // returns the token to present
	}{
		{"unknown token", func(*fixture, TokenPair) string { return "bm90LWEtdG9rZW4" }},
		{"expired token", func(f *fixture, p TokenPair) string { f.clock.Advance(24 * time.Hour); return p.RefreshToken }},
		{"revoked by logout", func(f *fixture, p TokenPair) string {
			_ = f.svc.Logout(t.Context(), principal.Principal{UserID: aliceID}, "")
			return p.RefreshToken
		}},
		{"user deactivated", func(f *fixture, p TokenPair) string {
			u := f.dir.users[aliceID]
			u.Active = false
			f.dir.set(u)
			return p.RefreshToken
		}},
		{"company deactivated", func(f *fixture, p TokenPair) string {
			u := f.dir.users[aliceID]
			u.CompanyActive = false
			f.dir.set(u)
			return p.RefreshToken
		}},
		{"user deleted", func(f *fixture, p TokenPair) string {
			delete(f.dir.users, aliceID)
			return p.RefreshToken
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			pair := mustLogin(t, f)
			_, err := f.svc.Refresh(t.Context(), tt.setup(f, pair))
			wantInvalidRefresh(t, err)
		})
	}
	t.Run("empty token", func(t *testing.T) {
		t.Parallel()
		var ve *errs.ValidationError
		if _, err := newFixture(t).svc.Refresh(t.Context(), ""); !errors.As(err, &ve) {
			t.Fatalf("err = %v, want 422", err)
		}
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	alice := principal.Principal{UserID: aliceID, CompanyID: companyID, Role: "content_writer"}
	mallory := principal.Principal{UserID: "64b0000000000000000000ff", CompanyID: companyID, Role: "client"}
	t.Run("one family", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		a, b := mustLogin(t, f), mustLogin(t, f)
		if err := f.svc.Logout(t.Context(), alice, a.RefreshToken); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.Refresh(t.Context(), a.RefreshToken)
		wantInvalidRefresh(t, err)
		if _, err := f.svc.Refresh(t.Context(), b.RefreshToken); err != nil {
			t.Fatalf("other session logged out too: %v", err)
		}
	})
	t.Run("everything", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		a, b := mustLogin(t, f), mustLogin(t, f)
		if err := f.svc.Logout(t.Context(), alice, ""); err != nil {
			t.Fatal(err)
		}
		for _, p := range []TokenPair{a, b} {
			_, err := f.svc.Refresh(t.Context(), p.RefreshToken)
			wantInvalidRefresh(t, err)
		}
	})
	t.Run("someone else's token is left alone", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		a := mustLogin(t, f)
		if err := f.svc.Logout(t.Context(), mallory, a.RefreshToken); err != nil {
			t.Fatalf("logout answered %v, want OK", err)
		}
		if err := f.svc.Logout(t.Context(), mallory, "no-such-token"); err != nil {
			t.Fatalf("logout answered %v, want OK", err)
		}
		if _, err := f.svc.Refresh(t.Context(), a.RefreshToken); err != nil {
			t.Fatalf("another user's logout revoked the token: %v", err)
		}
	})
}

func TestPurge(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	old := mustLogin(t, f)
	_, _ = f.login(t, "nobody@example.com", "x")
	f.clock.Advance(23 * time.Hour)
	fresh := mustLogin(t, f)
	f.clock.Advance(2 * time.Hour)
	if n, err := f.svc.Purge(t.Context()); err != nil || n != 2 {
		t.Fatalf("purge = %d, %v; want the expired token and the stale throttle record", n, err)
	}
	if _, err := f.tokens.Get(t.Context(), HashRefreshToken(old.RefreshToken)); !errors.Is(err, ErrTokenUnknown) {
		t.Fatal("expired token kept")
	}
	if _, err := f.svc.Refresh(t.Context(), fresh.RefreshToken); err != nil {
		t.Fatalf("live token purged: %v", err)
	}
}

// racingStore revokes the family right after the rotation succeeds, as a
// concurrent reuse or logout would.
type racingStore struct{ *tokenStore }

func (r racingStore) Rotate(ctx context.Context, hash string, now time.Time) error {
	if err := r.tokenStore.Rotate(ctx, hash, now); err != nil {
		return err
	}
	t, _ := r.Get(ctx, hash)
	_, err := r.RevokeFamily(ctx, t.FamilyID, now)
	return err
}

func TestRefreshRacingRevocationLeavesNoLiveToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pair := mustLogin(t, f)
	f.svc.Tokens = racingStore{f.tokens}
	_, err := f.svc.Refresh(t.Context(), pair.RefreshToken)
	wantInvalidRefresh(t, err)
	for h, tok := range f.tokens.m {
		if tok.RevokedAt == nil {
			t.Fatalf("token %s… left live", h[:8])
		}
	}
}
