package stack

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/mtls"
)

// SigningKeys returns auth's JWT_SIGNING_KEYS persisted in
// dir/jwt_signing_keys, creating the file (0600) with one fresh Ed25519
// key on first use, so tokens survive restarts. Edit the file to rotate
// (docs/security.md, "Signing keys").
func SigningKeys(dir string) (string, error) {
	path := filepath.Join(dir, "jwt_signing_keys")
	b, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimSpace(string(b))
		if _, err := authn.ParseSigningKeys(s); err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		_ = os.Chmod(path, 0o600)
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read signing keys: %w", err)
	}
	s := authn.NewSigningKey()
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write signing keys: %w", err)
	}
	return s, nil
}

// TLSDirs makes the development CA (kept in dir/tls) and a fresh
// certificate for every process of the stack, valid for 127.0.0.1 and
// localhost, and returns each process's TLS_DIR.
func TLSDirs(dir string) (map[string]string, error) {
	root := filepath.Join(dir, "tls")
	names := []string{Gateway}
	for _, s := range Services {
		names = append(names, s.Name)
	}
	if err := mtls.WriteDev(root, names, []string{"127.0.0.1", "localhost"}); err != nil {
		return nil, fmt.Errorf("stack: certificates: %w", err)
	}
	dirs := map[string]string{}
	for _, n := range names {
		dirs[n] = filepath.Join(root, n)
	}
	return dirs, nil
}

// RandomString returns n random bytes, hex encoded.
func RandomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
