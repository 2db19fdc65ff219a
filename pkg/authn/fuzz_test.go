package authn

import (
	"crypto/ed25519"
	"errors"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Run longer: go test -run '^$' -fuzz FuzzVerify -fuzztime 60s ./authn
//
// Token parsing as every process relies on it: any string is either a
// token this signer issued, read back into the same principal, or one
// Unauthenticated error (never a panic, never another kind of error); and
// a valid token with any one byte changed is refused — the signature
// covers header and claims, and the strict base64 decoding leaves no
// spare bits in the signature to change.
func FuzzVerify(f *testing.F) {
	signer, err := NewSigner(mustKeysF(f), "copydesk", 15*time.Minute)
	if err != nil {
		f.Fatal(err)
	}
	want := principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleContentManager}
	valid, err := signer.Issue(want)
	if err != nil {
		f.Fatal(err)
	}
	v := NewVerifier(signer, "copydesk")
	f.Add("", 0, byte('a'))
	f.Add(valid, len(valid)-1, byte('A'))
	f.Add(valid, 3, byte('.'))
	f.Add("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.", 0, byte(0))
	f.Add("a.b.c.d", 1, byte('='))
	f.Fuzz(func(t *testing.T, token string, pos int, b byte) {
		p, err := v.Verify(token)
		switch {
		case err != nil && !errors.Is(err, errs.ErrUnauthenticated):
			t.Fatalf("Verify(%q): %v is not Unauthenticated", token, err)
		case err == nil && token != valid:
			t.Fatalf("Verify accepted %q, which the signer never issued", token)
		case err == nil && (p.UserID != want.UserID || p.CompanyID != want.CompanyID || p.Role != want.Role):
			t.Fatalf("Verify read %+v, want %+v", p, want)
		}
		if pos < 0 {
			pos = -pos
		}
		i := pos % len(valid)
		if valid[i] == b {
			return
		}
		tampered := valid[:i] + string([]byte{b}) + valid[i+1:]
		if _, err := v.Verify(tampered); err == nil {
			t.Fatalf("Verify accepted the token with byte %d changed to %q", i, b)
		}
	})
}

func mustKeysF(f *testing.F) []ed25519.PrivateKey {
	keys, err := ParseSigningKeys(NewSigningKey())
	if err != nil {
		f.Fatal(err)
	}
	return keys
}

// TestNoByteOfATokenCanChange: every base64url character at every position
// of a valid token (the whole alphabet, not a fuzzer's sample) is refused —
// in the signature's last character too, whose spare bits a lenient
// decoder ignores.
func TestNoByteOfATokenCanChange(t *testing.T) {
	t.Parallel()
	signer, err := NewSigner(mustKeys(t, NewSigningKey()), "copydesk", 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	valid, err := signer.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleClient})
	if err != nil {
		t.Fatal(err)
	}
	v := NewVerifier(signer, "copydesk")
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for i := range len(valid) {
		for _, c := range []byte(alphabet) {
			if valid[i] == c || valid[i] == '.' {
				continue
			}
			if _, err := v.Verify(valid[:i] + string([]byte{c}) + valid[i+1:]); err == nil {
				t.Fatalf("accepted the token with byte %d (%q) changed to %q", i, valid[i], c)
			}
		}
	}
}
