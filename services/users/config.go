package main

import (
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
}

// LoadConfig reads every setting and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	c := Config{
		Common:        service.ReadCommon(r, "127.0.0.1:9002", "copydesk_users"),
		AdminEmail:    r.String("ADMIN_EMAIL", "admin@copydesk.local"),
		AdminPassword: r.String("ADMIN_PASSWORD", ""),
		DataDir:       r.String("DATA_DIR", ""),
	}
	return c, r.Err()
}
