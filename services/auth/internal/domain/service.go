package domain

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"
)

// Config are the auth rules' settings.
type Config struct {
	MaxFailures int           // failed logins that lock an account (LOGIN_MAX_FAILURES)
	Lockout     time.Duration // failure window and lock duration (LOGIN_LOCKOUT)
	RefreshTTL  time.Duration // lifetime of a refresh token (REFRESH_TOKEN_TTL)
}

// Deps are the outside parts the rules use.
type Deps struct {
	Directory Directory
	Tokens    TokenStore
	Throttle  ThrottleStore
	Issuer    Issuer
	Now       func() time.Time // nil means time.Now
	Log       *slog.Logger
	Config    Config
}

// Service runs login, refresh and logout.
type Service struct {
	Deps
	cfg Config
}

// New checks d and its Config and returns the service.
func New(d Deps) (*Service, error) {
	cfg := d.Config
	switch {
	case d.Directory == nil || d.Tokens == nil || d.Throttle == nil || d.Issuer == nil || d.Log == nil:
		return nil, errors.New("auth domain: missing dependency")
	case cfg.MaxFailures < 1:
		return nil, errors.New("auth domain: MaxFailures must be at least 1")
	case cfg.Lockout <= 0 || cfg.RefreshTTL <= 0:
		return nil, errors.New("auth domain: Lockout and RefreshTTL must be positive")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{Deps: d, cfg: cfg}, nil
}

// TokenPair is the answer of a login or a refresh.
type TokenPair struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    time.Duration // lifetime of the access token
}

// HashRefreshToken is the stored form of a refresh token: SHA-256, hex.
// A plain hash is enough: the token has 256 random bits.
func HashRefreshToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newRefreshToken makes a token (32 random bytes, base64url) for acct in
// family, and the record to store.
func (s *Service) newRefreshToken(acct Account, family string, now time.Time) (string, RefreshToken) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	return tok, RefreshToken{
		Hash:      HashRefreshToken(tok),
		FamilyID:  family,
		UserID:    acct.ID,
		CompanyID: acct.CompanyID,
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg.RefreshTTL),
	}
}

func newFamilyID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
