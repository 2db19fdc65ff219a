package main

import (
	"time"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/service"
)

// Config is the auth service's configuration (see the shared runtime contract).
type Config struct {
	service.Common
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
	r.Check(c.AccessTTL < c.RefreshTTL, "ACCESS_TOKEN_TTL must be shorter than REFRESH_TOKEN_TTL")
	return c, r.Err()
}
