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
)

// minSecretLen matches pkg/authn.MinSecretLen.
const minSecretLen = 32

// JWTSecret returns the secret persisted in dir/jwt_secret, creating it
// (0600) with 32 random bytes on first use, so tokens survive restarts.
func JWTSecret(dir string) (string, error) {
	path := filepath.Join(dir, "jwt_secret")
	b, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimSpace(string(b))
		if len(s) < minSecretLen {
			return "", fmt.Errorf("%s: secret shorter than %d bytes", path, minSecretLen)
		}
		_ = os.Chmod(path, 0o600)
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read jwt secret: %w", err)
	}
	s := RandomString(32)
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write jwt secret: %w", err)
	}
	return s, nil
}

// SecretsKey returns the key that seals stored secrets (SECRETS_KEY: 32
// random bytes in base64, pkg/secretbox), persisted in dir/secrets_key
// (0600) like the JWT secret, so sealed secrets open after a restart.
func SecretsKey(dir string) (string, error) {
	path := filepath.Join(dir, "secrets_key")
	b, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimSpace(string(b))
		if k, err := base64.StdEncoding.DecodeString(s); err != nil || len(k) != 32 {
			return "", fmt.Errorf("%s: not 32 bytes in base64", path)
		}
		_ = os.Chmod(path, 0o600)
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read secrets key: %w", err)
	}
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	s := base64.StdEncoding.EncodeToString(k)
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write secrets key: %w", err)
	}
	return s, nil
}

// RandomString returns n random bytes, hex encoded.
func RandomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
