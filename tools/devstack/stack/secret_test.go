package stack

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"
)

// The secrets key is made once, kept 0600 in the data dir and read back
// the same, so sealed secrets open after a restart; a damaged file is an
// error, never a silently new key.
func TestSecretsKeyPersists(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first, err := SecretsKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	if k, err := base64.StdEncoding.DecodeString(first); err != nil || len(k) != 32 {
		t.Fatalf("key %q is not 32 bytes in base64", first)
	}
	again, err := SecretsKey(dir)
	if err != nil || again != first {
		t.Fatalf("second read %q, %v", again, err)
	}
	path := filepath.Join(dir, "secrets_key")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v, %v", fi.Mode(), err)
	}
	if err := os.WriteFile(path, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := SecretsKey(dir); err == nil {
		t.Fatal("a damaged key file was accepted")
	}
}
