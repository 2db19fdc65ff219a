package domain

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/errs"
)

// clock is a settable fake clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// directory fakes the users service: users by lowercased email with a
// password; it counts password checks.
type directory struct {
	mu       sync.Mutex
	users    map[string]fakeUser // by id
	checks   int
	verifyEr error    // when set, VerifyCredentials fails with it
	ended    []string // users whose sessions EndSessions ended
}

type fakeUser struct {
	Account
	Email, Password string
}

func (d *directory) VerifyCredentials(_ context.Context, email, password, company string) (Account, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.checks++
	if d.verifyEr != nil {
		return Account{}, d.verifyEr
	}
	for _, u := range d.users {
		if strings.EqualFold(u.Email, email) && u.Password == password && u.Active && u.CompanyActive &&
			(company == "" || company == u.CompanyID) {
			acct := u.Account
			for _, o := range d.users {
				acct.LoginShared = acct.LoginShared || (strings.EqualFold(o.Email, email) && o.CompanyID != u.CompanyID)
			}
			return acct, nil
		}
	}
	return Account{}, errs.New(errs.ErrNotFound, "Incorrect username or password")
}

func (d *directory) LookupUser(_ context.Context, id string) (Account, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	u, ok := d.users[id]
	if !ok {
		return Account{}, errs.ErrNotFound
	}
	return u.Account, nil
}

func (d *directory) EndSessions(_ context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ended = append(d.ended, id)
	return nil
}

func (d *directory) set(u fakeUser) {
	d.mu.Lock()
	d.users[u.ID] = u
	d.mu.Unlock()
}

// tokenStore is an in-memory TokenStore.
type tokenStore struct {
	mu       sync.Mutex
	m        map[string]RefreshToken
	families map[string]bool // revoked families
}

func (s *tokenStore) Insert(_ context.Context, t RefreshToken) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[t.Hash] = t
	return nil
}

func (s *tokenStore) Get(_ context.Context, hash string) (RefreshToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[hash]
	if !ok {
		return RefreshToken{}, ErrTokenUnknown
	}
	return t, nil
}

func (s *tokenStore) Rotate(_ context.Context, hash string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[hash]
	switch {
	case !ok:
		return ErrTokenUnknown
	case t.RevokedAt != nil:
		return ErrTokenRevoked
	case t.RotatedAt != nil:
		return ErrTokenRotated
	case !now.Before(t.ExpiresAt):
		return ErrTokenExpired
	}
	t.RotatedAt = &now
	s.m[hash] = t
	return nil
}

func (s *tokenStore) revoke(match func(RefreshToken) bool, now time.Time) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for h, t := range s.m {
		if t.RevokedAt == nil && match(t) {
			t.RevokedAt = &now
			s.m[h] = t
			n++
		}
	}
	return n
}

func (s *tokenStore) RevokeFamily(_ context.Context, f string, now time.Time) (int64, error) {
	s.mu.Lock()
	s.families[f] = true
	s.mu.Unlock()
	return s.revoke(func(t RefreshToken) bool { return t.FamilyID == f }, now), nil
}

func (s *tokenStore) RevokeUser(_ context.Context, u string, now time.Time) (int64, error) {
	s.mu.Lock()
	for _, t := range s.m {
		if t.UserID == u {
			s.families[t.FamilyID] = true
		}
	}
	s.mu.Unlock()
	return s.revoke(func(t RefreshToken) bool { return t.UserID == u }, now), nil
}

func (s *tokenStore) FamilyRevoked(_ context.Context, f string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.families[f], nil
}

func (s *tokenStore) Purge(_ context.Context, now time.Time) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for h, t := range s.m {
		if t.ExpiresAt.Before(now) {
			delete(s.m, h)
			n++
		}
	}
	return n, nil
}

// throttleStore is an in-memory ThrottleStore with the store's semantics.
type throttleStore struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	locks    map[string]time.Time
}

func (s *throttleStore) Get(_ context.Context, key string) (Throttle, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Throttle{LockedUntil: s.locks[key]}, nil
}

func (s *throttleStore) AddFailure(_ context.Context, key string, now, floor time.Time) (Throttle, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[key] = append(s.failures[key], now)
	n := 0
	for _, at := range s.failures[key] {
		if at.After(floor) {
			n++
		}
	}
	return Throttle{Failures: n}, nil
}

func (s *throttleStore) Lock(_ context.Context, key string, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until.After(s.locks[key]) {
		s.locks[key] = until
	}
	return nil
}

func (s *throttleStore) Reset(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failures, key)
	delete(s.locks, key)
	return nil
}

func (s *throttleStore) Purge(_ context.Context, floor time.Time) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for k, ats := range s.failures {
		kept := ats[:0]
		for _, at := range ats {
			if at.Before(floor) {
				n++
			} else {
				kept = append(kept, at)
			}
		}
		s.failures[k] = kept
	}
	for k, until := range s.locks {
		if until.Before(floor) {
			delete(s.locks, k)
			n++
		}
	}
	return n, nil
}

// fixture is a Service over fakes, with one active user alice.
type fixture struct {
	svc      *Service
	clock    *clock
	dir      *directory
	tokens   *tokenStore
	throttle *throttleStore
	jwt      *authn.Verifier
}

const (
	testMaxFailures = 3
	testLockout     = 10 * time.Minute
	aliceID         = "64b000000000000000000001"
	companyID       = "64c000000000000000000001"
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	signer, err := authn.GenerateSigner("copydesk", 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{
		clock:    &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		dir:      &directory{users: map[string]fakeUser{}},
		tokens:   &tokenStore{m: map[string]RefreshToken{}, families: map[string]bool{}},
		throttle: &throttleStore{failures: map[string][]time.Time{}, locks: map[string]time.Time{}},
		jwt:      authn.NewVerifier(signer, "copydesk"),
	}
	f.dir.set(fakeUser{
		Account: Account{ID: aliceID, CompanyID: companyID, Role: "content_writer", Active: true, CompanyActive: true},
		Email:   "alice@example.com", Password: "correct horse",
	})
	f.svc, err = New(Deps{
		Directory: f.dir, Tokens: f.tokens, Throttle: f.throttle, Issuer: signer,
		Now: f.clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Config: Config{MaxFailures: testMaxFailures, Lockout: testLockout, RefreshTTL: 24 * time.Hour},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) login(t *testing.T, user, pass string) (TokenPair, error) {
	t.Helper()
	return f.svc.Login(t.Context(), LoginRequest{GrantType: "password", Username: user, Password: pass})
}
