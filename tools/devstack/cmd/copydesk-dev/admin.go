package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// markerFile records that the first superadmin was created with a password
// this runner generated; it never holds the password itself.
const markerFile = "admin-created"

// passwordFile holds a generated password (mode 0600): the banner prints
// its path, never the password, so no terminal log or scrollback keeps it.
const passwordFile = "admin_password"

// admin holds the first superadmin's credentials for the users service.
type admin struct {
	email, password string
	generated       bool // password made here, written to file
	marker, file    string
}

func newAdmin(o options) *admin {
	a := &admin{email: o.adminEmail, password: o.adminPassword, marker: filepath.Join(o.dataDir, markerFile),
		file: filepath.Join(o.dataDir, passwordFile)}
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

// created writes the generated password's file and the marker once the
// stack is ready (the users service creates the superadmin at start-up).
func (a *admin) created() error {
	if _, err := os.Stat(a.marker); err == nil {
		return nil
	}
	if a.generated {
		if err := os.WriteFile(a.file, []byte(a.password+"\n"), 0o600); err != nil {
			return fmt.Errorf("write %s: %w", a.file, err)
		}
		if err := os.Chmod(a.file, 0o600); err != nil {
			return err
		}
	}
	msg := fmt.Sprintf("first superadmin %s created %s\n", a.email, time.Now().Format(time.RFC3339))
	if err := os.WriteFile(a.marker, []byte(msg), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", a.marker, err)
	}
	return nil
}

// works reports whether the credentials log in at the gateway.
func (a *admin) works(ctx context.Context, baseURL string) bool {
	form := url.Values{"grant_type": {"password"}, "username": {a.email}, "password": {a.password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/auth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// strongPassword returns 26 random base32 characters (128 bits), safe to
// paste into a shell and a form.
func strongPassword() string { return rand.Text() }
