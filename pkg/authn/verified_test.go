package authn

import (
	"crypto/ed25519"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/principal"
)

// keySet is a KeySource whose keys a test can retire.
type keySet struct {
	mu sync.Mutex
	m  map[string]ed25519.PublicKey
}

func (k *keySet) Lookup(kid string) (ed25519.PublicKey, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	pub, ok := k.m[kid]
	return pub, ok
}

func (k *keySet) retire(kid string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, kid)
}

func cachedSetup(t *testing.T) (*Verifier, *keySet, string, string) {
	t.Helper()
	s := mustSigner(t, NewSigningKey())
	pub := s.PublicKeys()[0]
	keys := &keySet{m: map[string]ed25519.PublicKey{pub.ID: pub.Key}}
	tok, err := s.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleContentWriter})
	if err != nil {
		t.Fatal(err)
	}
	return NewVerifier(keys, "copydesk"), keys, tok, pub.ID
}

// A verified token is remembered: its next use reads the same principal
// (with its token) without a signature check.
func TestVerifiedTokenRemembered(t *testing.T) {
	t.Parallel()
	v, _, tok, _ := cachedSetup(t)
	first, err := v.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.seen.m) != 1 {
		t.Fatalf("%d tokens remembered, want 1", len(v.seen.m))
	}
	again, err := v.Verify(tok)
	if err != nil || again != first || again.Token != tok {
		t.Fatalf("second use: %+v, %v; want %+v", again, err, first)
	}
	if _, err := v.Verify(tok + "x"); err == nil {
		t.Fatal("another string of the token was accepted")
	}
}

// Retiring the key ends its tokens at once, remembered or not.
func TestRememberedTokenEndsWithItsKey(t *testing.T) {
	t.Parallel()
	v, keys, tok, kid := cachedSetup(t)
	if _, err := v.Verify(tok); err != nil {
		t.Fatal(err)
	}
	keys.retire(kid)
	if _, err := v.Verify(tok); err == nil {
		t.Fatal("a token of a retired key was accepted from memory")
	}
}

// A remembered token ends at its expiry.
func TestRememberedTokenExpires(t *testing.T) {
	t.Parallel()
	v, _, tok, _ := cachedSetup(t)
	if _, err := v.Verify(tok); err != nil {
		t.Fatal(err)
	}
	v.now = func() time.Time { return time.Now().Add(15*time.Minute + 10*time.Second) }
	if _, err := v.Verify(tok); err == nil {
		t.Fatal("an expired token was accepted from memory")
	}
	if len(v.seen.m) != 0 {
		t.Fatalf("the expired token is still remembered (%d)", len(v.seen.m))
	}
}

// The memory is bounded.
func TestVerifiedTokensBounded(t *testing.T) {
	t.Parallel()
	c := verifiedTokens{max: 3}
	for i := range 10 {
		c.put(fmt.Sprint("token-", i), principal.Principal{UserID: "u"}, time.Now().Add(time.Hour), "k")
	}
	if len(c.m) > 3 {
		t.Fatalf("%d tokens remembered, at most 3 allowed", len(c.m))
	}
}

// BenchmarkVerify: a token's first verification (Ed25519) against its
// next ones (remembered).
func BenchmarkVerify(b *testing.B) {
	s, err := GenerateSigner("copydesk", 15*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	tok, err := s.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleClient})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			v := NewVerifier(s, "copydesk")
			if _, err := v.Verify(tok); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("remembered", func(b *testing.B) {
		v := NewVerifier(s, "copydesk")
		for b.Loop() {
			if _, err := v.Verify(tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}
