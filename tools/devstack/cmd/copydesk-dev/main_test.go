package main

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

const defaultAdmin = "admin@copydesk.local"

var generatedPassword = regexp.MustCompile(`Password: in (\S+)\s+\(generated, mode 0600\)`)

// TestMakeRun is `make run` twice on one data dir, the way a developer does
// it: the real binaries, the runner in its own process group, Ctrl-C as
// SIGINT to that group.
func TestMakeRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the whole stack twice")
	}
	begin := time.Now()
	binDir := t.TempDir()
	if err := build(t, binDir); err != nil {
		t.Fatalf("build: %v", err)
	}
	t.Logf("built in %s", time.Since(begin).Round(time.Millisecond))
	dataDir := filepath.Join(t.TempDir(), "data") // the runner creates it
	t.Cleanup(func() {
		if t.Failed() {
			logTails(t, filepath.Join(dataDir, "logs"))
		}
	})
	addr, err := stack.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	_, portStr, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(portStr)
	url := "http://" + addr

	// First start: a generated password is written to a private file whose
	// path is printed.
	first := startRunner(t, filepath.Join(binDir, "copydesk-dev"), dataDir, port)
	banner := first.waitReady(2 * time.Minute)
	t.Logf("first start ready after %s", time.Since(begin).Round(time.Millisecond))
	if !strings.Contains(banner, "Gateway:  "+url) {
		t.Errorf("banner does not name the gateway at %s (PORT):\n%s", url, banner)
	}
	if !strings.Contains(banner, "Admin:    "+defaultAdmin) {
		t.Errorf("banner does not name the admin %s:\n%s", defaultAdmin, banner)
	}
	m := generatedPassword.FindStringSubmatch(banner)
	if m == nil {
		t.Fatalf("first start printed no generated password:\n%s", banner)
	}
	b, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	password := strings.TrimSpace(string(b))
	if strings.Contains(banner, password) {
		t.Errorf("the banner shows the password:\n%s", banner)
	}
	if len(password) < 20 {
		t.Errorf("generated password %q is short", password)
	}
	children := first.children(t)
	c := client{t: t, url: url}
	access := c.login(defaultAdmin, password)
	coName := "MakeRun Co " + stack.RandomString(4)
	coID := c.createCompany(access, coName)

	first.interrupt(time.Minute)
	assertGone(t, children, port)
	assertSecretsKept(t, dataDir, password)

	// Second start on the same data: no new password, the old one works,
	// the company is still there, and so is the session of the first run.
	second := startRunner(t, filepath.Join(binDir, "copydesk-dev"), dataDir, port)
	banner = second.waitReady(2 * time.Minute)
	if !generatedPassword.MatchString(banner) {
		t.Errorf("second start does not point at the password file:\n%s", banner)
	}
	if strings.Contains(banner, password) {
		t.Errorf("second start printed the password:\n%s", banner)
	}
	children = second.children(t)
	if r := c.do(http.MethodGet, "/auth/me", access, nil); r.status != http.StatusOK {
		t.Errorf("first run's access token after a restart: %s (signing keys not kept in DATA_DIR?)", r)
	}
	access = c.login(defaultAdmin, password)
	if !c.hasCompany(access, coName, coID) {
		t.Errorf("company %q (%s) created in the first run is not listed after a restart", coName, coID)
	}

	second.interrupt(time.Minute)
	assertGone(t, children, port)
	t.Logf("whole test %s", time.Since(begin).Round(time.Millisecond))
}

// assertGone checks that no child of the runner outlived it and that nothing
// accepts connections on the gateway port or the services' gRPC ports.
func assertGone(t *testing.T, children []child, port int) {
	t.Helper()
	addrs := []string{net.JoinHostPort("127.0.0.1", strconv.Itoa(port))}
	for _, ch := range children {
		if ch.exists() {
			t.Errorf("%s (pid %d) outlived the runner (not stopped and waited for)", ch.name, ch.pid)
		}
		if ch.grpcAddr != "" {
			addrs = append(addrs, ch.grpcAddr)
		}
	}
	for _, a := range addrs {
		if conn, err := net.DialTimeout("tcp", a, time.Second); err == nil {
			_ = conn.Close()
			t.Errorf("%s still accepts connections after the runner exited", a)
		}
	}
}

// assertSecretsKept checks what the first run left in DATA_DIR: a private
// signing keys file, a private password file, and the password in no
// other file (marker, logs).
func assertSecretsKept(t *testing.T, dataDir, password string) {
	t.Helper()
	for _, f := range []string{"jwt_signing_keys", "tls/ca.key", "tls/auth/tls.key"} {
		if fi, err := os.Stat(filepath.Join(dataDir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		} else if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", f, fi.Mode().Perm())
		}
	}
	if fi, err := os.Stat(filepath.Join(dataDir, passwordFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: %v %v, want mode 0600", passwordFile, fi, err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, markerFile)); err != nil {
		t.Errorf("marker of the first start: %v", err)
	}
	err := filepath.WalkDir(dataDir, func(path string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path == filepath.Join(dataDir, "db"):
			return filepath.SkipDir // SQLite files, not text
		case d.IsDir() || path == filepath.Join(dataDir, passwordFile):
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(b), password) {
			t.Errorf("%s contains the admin password", path)
		}
		return err
	})
	if err != nil {
		t.Error(err)
	}
}
