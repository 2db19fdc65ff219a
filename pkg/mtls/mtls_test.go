package mtls

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A TLS_DIR must name its own process, chain to its CA and be complete.
func TestLoadChecksTheCertificate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := WriteDev(dir, []string{"users", "auth"}, []string{"127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	if c, err := Load(filepath.Join(dir, "users"), "users"); err != nil || c.Name() != "users" {
		t.Fatalf("Load = %v, %v", c, err)
	}
	if _, err := Load(filepath.Join(dir, "auth"), "users"); err == nil || !strings.Contains(err.Error(), `names "auth"`) {
		t.Fatalf("another process's certificate: %v", err)
	}
	other := t.TempDir()
	if err := WriteDev(other, []string{"users"}, nil); err != nil {
		t.Fatal(err)
	}
	mixed := filepath.Join(dir, "users")
	caOther, _ := os.ReadFile(filepath.Join(other, CAFile))
	if err := os.WriteFile(filepath.Join(mixed, CAFile), caOther, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(mixed, "users"); err == nil {
		t.Fatal("a certificate of another CA loaded")
	}
	if _, err := Load(t.TempDir(), "users"); err == nil {
		t.Fatal("an empty TLS_DIR loaded")
	}
}

// A renewed tls.crt/tls.key (cert-manager writes them in place) is served
// without a restart; the CA made once is kept by a later WriteDev.
func TestRenewedCertificateIsPickedUp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := WriteDev(dir, []string{"users"}, nil); err != nil {
		t.Fatal(err)
	}
	c, err := Load(filepath.Join(dir, "users"), "users")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := c.Certificate()
	if err := WriteDev(dir, []string{"users"}, nil); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)
	_ = os.Chtimes(filepath.Join(dir, "users", CertFile), later, later)
	c.leaf.mu.Lock()
	c.leaf.checked = time.Time{} // as if the recheck interval had passed
	c.leaf.mu.Unlock()
	after, err := c.Certificate()
	if err != nil {
		t.Fatal(err)
	}
	if after.Leaf.SerialNumber.Cmp(before.Leaf.SerialNumber) == 0 {
		t.Fatal("the renewed certificate is not served")
	}
	if _, err := Load(filepath.Join(dir, "users"), "users"); err != nil {
		t.Fatalf("the CA changed between two WriteDev: %v", err)
	}
}
