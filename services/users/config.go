package main

import (
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/service"
)

// settings is the service's configuration (see the shared runtime contract).
type settings struct {
	service.Common
	AdminEmail, AdminPassword string
}

// readSettings reads every setting and reports every problem at once.
func readSettings(r *config.Reader) (settings, error) {
	s := settings{
		Common:        service.ReadCommon(r, "127.0.0.1:9002", "copydesk_users"),
		AdminEmail:    r.String("ADMIN_EMAIL", "admin@copydesk.local"),
		AdminPassword: r.String("ADMIN_PASSWORD", ""),
	}
	return s, r.Err()
}
