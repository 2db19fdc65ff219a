package authn

import (
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"

	"github.com/copydesk/copydesk/pkg/principal"
)

// fakeAuth stands for the auth process: restarting it with another
// JWT_SIGNING_KEYS is setKeys; fetch is its GetKeys.
type fakeAuth struct {
	mu      sync.Mutex
	signer  *Signer
	fetches int
	down    bool
}

func (f *fakeAuth) setKeys(t *testing.T, encoded ...string) {
	s := mustSigner(t, encoded...)
	f.mu.Lock()
	f.signer = s
	f.mu.Unlock()
}

func (f *fakeAuth) issue(t *testing.T) string {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	tok, err := f.signer.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleCompanyAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (f *fakeAuth) fetch(context.Context) ([]PublicKey, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fetches++
	if f.down {
		return nil, errors.New("auth unavailable")
	}
	return f.signer.PublicKeys(), nil
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// The documented rotation (docs/security.md): add the new key after the
// old one, then make it the signing key, then retire the old one once the
// old tokens have expired. Nobody is logged out on the way: a token signed
// by the old key verifies until the old key is retired, and one signed by
// the new key verifies as soon as auth signs with it.
func TestRotationKeepsTokensValid(t *testing.T) {
	t.Parallel()
	oldKey, newKey := NewSigningKey(), NewSigningKey()
	auth := &fakeAuth{}
	auth.setKeys(t, oldKey)
	keys := NewRemoteKeys(auth.fetch, quiet())
	keys.MissGap = 0
	v := NewVerifier(keys, "copydesk")
	if err := keys.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	byOld := auth.issue(t)
	mustVerify := func(step, tok string) {
		t.Helper()
		if _, err := v.Verify(tok); err != nil {
			t.Fatalf("%s: token refused: %v", step, err)
		}
	}

	auth.setKeys(t, oldKey, newKey) // 1. publish the new key
	mustVerify("new key published", byOld)
	if err := keys.Refresh(t.Context()); err != nil || len(keys.PublicKeys()) != 2 {
		t.Fatalf("after publishing: %d keys, %v", len(keys.PublicKeys()), err)
	}

	auth.setKeys(t, newKey, oldKey) // 2. sign with the new key
	byNew := auth.issue(t)
	mustVerify("new key signs: old token", byOld)
	mustVerify("new key signs: new token", byNew)

	auth.setKeys(t, newKey) // 3. retire the old key
	if err := keys.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	mustVerify("old key retired: new token", byNew)
	if _, err := v.Verify(byOld); err == nil {
		t.Fatal("a token of the retired key still verifies")
	}
}

// An unknown kid refreshes the keys at most once per MissGap; a failed
// refresh keeps the keys held.
func TestRemoteKeysUnknownKidAndOutage(t *testing.T) {
	t.Parallel()
	auth := &fakeAuth{}
	auth.setKeys(t, NewSigningKey())
	keys := NewRemoteKeys(auth.fetch, quiet())
	keys.MissGap = time.Hour
	if err := keys.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if _, ok := keys.Lookup("made-up"); ok {
			t.Fatal("made-up kid found")
		}
	}
	if auth.fetches != 1 {
		t.Fatalf("%d fetches for 100 unknown kids within MissGap, want none beyond the first", auth.fetches-1)
	}
	tok := auth.issue(t)
	auth.down = true
	if err := keys.Refresh(t.Context()); err == nil {
		t.Fatal("refresh with auth down succeeded")
	}
	if _, err := NewVerifier(keys, "copydesk").Verify(tok); err != nil {
		t.Fatalf("keys lost while auth is down: %v", err)
	}
}

// The JWK Set is what a standard JOSE library (go-jose) reads, and a
// token verifies with it there.
func TestJWKSVerifiesWithGoJose(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, NewSigningKey(), NewSigningKey())
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(JWKS(s.PublicKeys()), &set); err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != 2 {
		t.Fatalf("%d keys in the set, want 2", len(set.Keys))
	}
	tok, err := s.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleClient})
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := josejwt.ParseSigned(tok, []jose.SignatureAlgorithm{jose.EdDSA})
	if err != nil {
		t.Fatal(err)
	}
	found := set.Key(parsed.Headers[0].KeyID)
	if len(found) != 1 || !found[0].Valid() || found[0].Algorithm != "EdDSA" || found[0].Use != "sig" {
		t.Fatalf("kid %q: %+v", parsed.Headers[0].KeyID, found)
	}
	var claims josejwt.Claims
	if err := parsed.Claims(found[0].Key, &claims); err != nil {
		t.Fatalf("go-jose refuses the token with the published key: %v", err)
	}
	if claims.Subject != "u1" {
		t.Fatalf("subject %q", claims.Subject)
	}
	if tp, err := found[0].Thumbprint(crypto.SHA256); err != nil || base64.RawURLEncoding.EncodeToString(tp) != found[0].KeyID {
		t.Fatalf("kid is not the RFC 7638 thumbprint: %v", err)
	}
}

// A failed fetch (auth still starting) does not hold back the next
// unknown kid: as soon as auth answers, the first token verifies.
func TestRemoteKeysRetryAfterFailure(t *testing.T) {
	t.Parallel()
	auth := &fakeAuth{down: true}
	auth.setKeys(t, NewSigningKey())
	keys := NewRemoteKeys(auth.fetch, quiet())
	if err := keys.Refresh(t.Context()); err == nil {
		t.Fatal("refresh with auth down succeeded")
	}
	auth.mu.Lock()
	auth.down = false
	auth.mu.Unlock()
	if _, err := NewVerifier(keys, "copydesk").Verify(auth.issue(t)); err != nil {
		t.Fatalf("token refused right after auth came up: %v", err)
	}
}
