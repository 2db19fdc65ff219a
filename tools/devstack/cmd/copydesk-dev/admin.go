package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// markerFile records that the first superadmin was created with a password
// this runner printed; it never holds the password itself.
const markerFile = "admin-created"

// admin holds the first superadmin's credentials for the users service.
type admin struct {
	email, password string
	generated       bool // password made here, printed once
	marker          string
}

func newAdmin(o options) *admin {
	a := &admin{email: o.adminEmail, password: o.adminPassword, marker: filepath.Join(o.dataDir, markerFile)}
	if a.password == "" {
		if _, err := os.Stat(a.marker); errors.Is(err, fs.ErrNotExist) {
			a.password, a.generated = strongPassword(), true
		}
	}
	return a
}

func (a *admin) env() []string {
	env := []string{"ADMIN_EMAIL=" + a.email}
	if a.password != "" {
		env = append(env, "ADMIN_PASSWORD="+a.password)
	}
	return env
}

// created writes the marker once the stack is ready (the users service
// creates the superadmin at start-up).
func (a *admin) created() error {
	if _, err := os.Stat(a.marker); err == nil {
		return nil
	}
	msg := fmt.Sprintf("first superadmin %s created %s; its password was printed then\n", a.email, time.Now().Format(time.RFC3339))
	if err := os.WriteFile(a.marker, []byte(msg), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", a.marker, err)
	}
	return nil
}

// strongPassword returns 26 random base32 characters (128 bits), safe to
// paste into a shell and a form.
func strongPassword() string { return rand.Text() }
