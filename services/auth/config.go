package main

import (
	"crypto/ed25519"
	"time"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/service"
)

// Config is the auth service's configuration (see the shared runtime contract).
type Config struct {
	service.Common
	// SigningKeys sign access tokens (the first) and verify them (all):
	// JWT_SIGNING_KEYS, see authn.ParseSigningKeys.
	SigningKeys []ed25519.PrivateKey
	UsersAddr   string
	AccessTTL   time.Duration
	RefreshTTL  time.Duration
	MaxFailures int
	Lockout     time.Duration
}

// LoadConfig reads every setting and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	c := Config{
		Common:      service.ReadCommon(r, "127.0.0.1:9001", "copydesk_auth"),
		UsersAddr:   r.String("USERS_ADDR", "127.0.0.1:9002"),
		AccessTTL:   r.Duration("ACCESS_TOKEN_TTL", 15*time.Minute),
		RefreshTTL:  r.Duration("REFRESH_TOKEN_TTL", 720*time.Hour),
		MaxFailures: r.Int("LOGIN_MAX_FAILURES", 5, 1, 1000),
		Lockout:     r.Duration("LOGIN_LOCKOUT", 15*time.Minute),
	}
	if raw := r.Required("JWT_SIGNING_KEYS"); raw != "" {
		keys, err := authn.ParseSigningKeys(raw)
		r.Check(err == nil, "JWT_SIGNING_KEYS: %v", err)
		c.SigningKeys = keys
	}
	r.Check(c.AccessTTL < c.RefreshTTL, "ACCESS_TOKEN_TTL must be shorter than REFRESH_TOKEN_TTL")
	return c, r.Err()
}
