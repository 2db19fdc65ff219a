package authn

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// PublicKey is a verifying key and its id.
type PublicKey struct {
	ID  string
	Key ed25519.PublicKey
}

// KeyID is the key's RFC 7638 JWK thumbprint (SHA-256, base64url), so a
// key's id follows from the key and needs no name of its own.
func KeyID(pub ed25519.PublicKey) string {
	canonical := `{"crv":"Ed25519","kty":"OKP","x":"` + base64.RawURLEncoding.EncodeToString(pub) + `"}`
	sum := sha256.Sum256([]byte(canonical))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// ParseSigningKeys reads JWT_SIGNING_KEYS: Ed25519 private keys as their
// 32-byte seeds in base64 (standard or URL alphabet, padding optional),
// separated by commas or white space. The first key signs; the others only
// verify (a key being introduced or retired). `openssl rand -base64 32`
// makes one. The error never quotes a key.
func ParseSigningKeys(s string) ([]ed25519.PrivateKey, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' })
	if len(fields) == 0 {
		return nil, errors.New("no key")
	}
	seen := map[string]bool{}
	var keys []ed25519.PrivateKey
	for i, f := range fields {
		seed, err := decodeSeed(f)
		if err != nil {
			return nil, fmt.Errorf("key %d: %w", i+1, err)
		}
		k := ed25519.NewKeyFromSeed(seed)
		kid := KeyID(k.Public().(ed25519.PublicKey))
		if seen[kid] {
			return nil, fmt.Errorf("key %d: listed twice", i+1)
		}
		seen[kid] = true
		keys = append(keys, k)
	}
	return keys, nil
}

func decodeSeed(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawURLEncoding.DecodeString(s)
	}
	if err != nil {
		return nil, errors.New("not base64")
	}
	if len(b) != ed25519.SeedSize {
		return nil, fmt.Errorf("an Ed25519 key is %d bytes, got %d", ed25519.SeedSize, len(b))
	}
	return b, nil
}

// NewSigningKey returns a fresh key in the form ParseSigningKeys reads.
func NewSigningKey() string {
	var seed [ed25519.SeedSize]byte
	_, _ = rand.Read(seed[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.StdEncoding.EncodeToString(seed[:])
}

// JWK is a public key in JSON Web Key form (RFC 8037: kty OKP, crv
// Ed25519).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKS renders keys as a JWK Set (RFC 7517), the body of
// /.well-known/jwks.json.
func JWKS(keys []PublicKey) []byte {
	set := struct {
		Keys []JWK `json:"keys"`
	}{Keys: []JWK{}}
	for _, k := range keys {
		set.Keys = append(set.Keys, JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(k.Key),
			Kid: k.ID, Alg: "EdDSA", Use: "sig"})
	}
	b, _ := json.Marshal(set) // cannot fail: strings only
	return b
}

// GenerateSigner is a Signer with one fresh key, for tests and tools.
func GenerateSigner(issuer string, ttl time.Duration) (*Signer, error) {
	keys, err := ParseSigningKeys(NewSigningKey())
	if err != nil {
		return nil, err
	}
	return NewSigner(keys, issuer, ttl)
}
