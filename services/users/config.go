package main

import (
	"runtime"

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
}

// LoadConfig reads every setting and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	c := Config{
		Common:          service.ReadCommon(r, "127.0.0.1:9002", "copydesk_users"),
		AdminEmail:      r.String("ADMIN_EMAIL", "admin@copydesk.local"),
		AdminPassword:   r.String("ADMIN_PASSWORD", ""),
		DataDir:         r.String("DATA_DIR", ""),
		HashConcurrency: r.Int("PASSWORD_HASH_CONCURRENCY", runtime.GOMAXPROCS(0), 1, 1024),
	}
	return c, r.Err()
}
