package stack

import (
	"crypto/rand"
	"encoding/base64"
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
	return persisted(dir, "jwt_signing_keys", func(s string) error {
		_, err := authn.ParseSigningKeys(s)
		return err
	}, authn.NewSigningKey)
}

// SecretsKey returns the key that seals stored secrets (SECRETS_KEY: 32
// random bytes in base64, pkg/secretbox), persisted in dir/secrets_key
// (0600), so sealed secrets open after a restart.
func SecretsKey(dir string) (string, error) { return persisted(dir, "secrets_key", is32, random32) }

// FilesLinkSecret returns the key that signs the disk backend's download
// links (FILES_LINK_SECRET, pkg/blobstore), persisted in
// dir/files_link_secret (0600) so links stay valid across a restart.
func FilesLinkSecret(dir string) (string, error) {
	return persisted(dir, "files_link_secret", is32, random32)
}

// persisted returns the value kept in dir/name (0600), checked by valid;
// on first use it is made by fresh and written.
func persisted(dir, name string, valid func(string) error, fresh func() string) (string, error) {
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimSpace(string(b))
		if err := valid(s); err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		_ = os.Chmod(path, 0o600)
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	s := fresh()
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write %s: %w", name, err)
	}
	return s, nil
}

func is32(s string) error {
	if k, err := base64.StdEncoding.DecodeString(s); err != nil || len(k) != 32 {
		return errors.New("not 32 bytes in base64")
	}
	return nil
}

func random32() string {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return base64.StdEncoding.EncodeToString(k)
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
