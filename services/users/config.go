package main

import (
	"runtime"
	"time"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/service"
)

// Config is the users service's configuration (see README.md).
type Config struct {
	service.Common
	AdminEmail, AdminPassword string
	// DataDir, when set, receives a generated superadmin password in the
	// file admin_password (mode 0600).
	DataDir string
	// HashConcurrency caps the password hashes running at once.
	HashConcurrency int
	// PasswordMaxFailures wrong current passwords within PasswordWindow
	// throttle ChangePassword (LOGIN_MAX_FAILURES, LOGIN_LOCKOUT: the same
	// rule as logins).
	PasswordMaxFailures int
	PasswordWindow      time.Duration
}

// LoadConfig reads every setting and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	c := Config{
		Common:              service.ReadCommon(r, "127.0.0.1:9002", "copydesk_users"),
		AdminEmail:          r.String("ADMIN_EMAIL", "admin@copydesk.local"),
		AdminPassword:       r.String("ADMIN_PASSWORD", ""),
		DataDir:             r.String("DATA_DIR", ""),
		HashConcurrency:     r.Int("PASSWORD_HASH_CONCURRENCY", runtime.GOMAXPROCS(0), 1, 1024),
		PasswordMaxFailures: r.Int("LOGIN_MAX_FAILURES", 5, 1, 1000),
		PasswordWindow:      r.Duration("LOGIN_LOCKOUT", 15*time.Minute),
	}
	return c, r.Err()
}
