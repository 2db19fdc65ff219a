// Package secretbox seals the secrets that services must be able to use
// again (a webhook's signing key, a Shopify access token, a WordPress
// application password) so that a database dump alone reveals none of
// them: AES-256-GCM with a random nonce, the key id stored beside every
// ciphertext so that keys can be rotated, and the record the secret
// belongs to bound in as additional data (a ciphertext copied onto another
// record does not open).
//
// Keys come from the environment (Read): SECRETS_KEY, 32 bytes in base64,
// seals; SECRETS_KEY_ID names it (default "k1"); SECRETS_OLD_KEYS lists
// earlier keys as "id:base64,id:base64", which still open what they
// sealed. To rotate: move the current key into SECRETS_OLD_KEYS, set a new
// SECRETS_KEY with a new id, restart; services re-seal what an old key
// sealed (NeedsReseal) and the old key can then be dropped.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/pkg/config"
)

// KeySize is the length of a key in bytes (AES-256).
const KeySize = 32

// Sealed is a secret as stored: the id of the key that sealed it and the
// nonce followed by the ciphertext (with GCM's tag). The zero value is
// "no secret".
type Sealed struct {
	KeyID string `bson:"key_id"`
	Data  []byte `bson:"data"`
}

// Empty reports whether s holds no secret.
func (s Sealed) Empty() bool { return len(s.Data) == 0 }

// ErrOpen is the error of a ciphertext that does not open: an unknown key
// id, a wrong key, tampered data or another record's secret.
var ErrOpen = errors.New("secretbox: cannot open the sealed secret")

// Keyring seals with the current key and opens with any known key.
type Keyring struct {
	current string
	keys    map[string]cipher.AEAD
}

// New returns a keyring sealing with key currentID of keys (id → 32-byte
// key); the others only open.
func New(currentID string, keys map[string][]byte) (*Keyring, error) {
	k := &Keyring{current: currentID, keys: map[string]cipher.AEAD{}}
	for id, key := range keys {
		if id == "" || strings.ContainsAny(id, ":,") {
			return nil, fmt.Errorf("secretbox: key id %q must be non-empty without ':' or ','", id)
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("secretbox: key %q must be %d bytes (got %d)", id, KeySize, len(key))
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("secretbox: key %q: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("secretbox: key %q: %w", id, err)
		}
		k.keys[id] = aead
	}
	if _, ok := k.keys[currentID]; !ok {
		return nil, fmt.Errorf("secretbox: no key with the current id %q", currentID)
	}
	return k, nil
}

// Seal encrypts plain for the record named by binding (e.g.
// "integrations/<id>/secret").
func (k *Keyring) Seal(plain, binding string) (Sealed, error) {
	aead := k.keys[k.current]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return Sealed{}, fmt.Errorf("secretbox: nonce: %w", err)
	}
	return Sealed{KeyID: k.current, Data: aead.Seal(nonce, nonce, []byte(plain), aad(k.current, binding))}, nil
}

// Open decrypts s, sealed for binding. Every failure is ErrOpen.
func (k *Keyring) Open(s Sealed, binding string) (string, error) {
	aead, ok := k.keys[s.KeyID]
	if !ok || len(s.Data) < aead.NonceSize() {
		return "", ErrOpen
	}
	n := aead.NonceSize()
	plain, err := aead.Open(nil, s.Data[:n], s.Data[n:], aad(s.KeyID, binding))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}

// NeedsReseal reports whether s was sealed with a key other than the
// current one (rotation).
func (k *Keyring) NeedsReseal(s Sealed) bool { return !s.Empty() && s.KeyID != k.current }

// CurrentID is the id of the key that seals.
func (k *Keyring) CurrentID() string { return k.current }

func aad(keyID, binding string) []byte {
	return []byte("copydesk-secretbox/v1\x00" + keyID + "\x00" + binding)
}

// Read reads SECRETS_KEY (required), SECRETS_KEY_ID and SECRETS_OLD_KEYS
// from r; problems go into r (the keys never appear in them).
func Read(r *config.Reader) *Keyring {
	currentID := r.String("SECRETS_KEY_ID", "k1")
	keys := map[string][]byte{}
	if raw := r.Secret("SECRETS_KEY", 1); raw != "" {
		key, err := decode(raw)
		r.Check(err == nil, "SECRETS_KEY must be %d bytes in base64", KeySize)
		keys[currentID] = key
	}
	for _, item := range r.List("SECRETS_OLD_KEYS", nil) {
		id, raw, ok := strings.Cut(item, ":")
		key, err := decode(raw)
		if !ok || err != nil || id == "" {
			r.Check(false, "SECRETS_OLD_KEYS must be id:base64 items of %d-byte keys, comma-separated", KeySize)
			continue
		}
		r.Check(id != currentID, "SECRETS_OLD_KEYS repeats the current key id %q", currentID)
		if id != currentID {
			keys[id] = key
		}
	}
	if len(keys[currentID]) != KeySize {
		return nil
	}
	k, err := New(currentID, keys)
	if err != nil {
		r.Check(false, "%s", err.Error())
		return nil
	}
	return k
}

func decode(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		b, err = base64.RawURLEncoding.DecodeString(strings.TrimSpace(s))
	}
	if err != nil || len(b) != KeySize {
		return nil, errors.New("bad key")
	}
	return b, nil
}

// NewKey returns a fresh random key in base64 (what SECRETS_KEY holds).
func NewKey() string {
	b := make([]byte, KeySize)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// Ephemeral returns a keyring with a random key known only to this
// process (tests).
func Ephemeral() *Keyring {
	b := make([]byte, KeySize)
	_, _ = rand.Read(b)
	k, _ := New("ephemeral", map[string][]byte{"ephemeral": b})
	return k
}
