package authn

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/copydesk/copydesk/pkg/principal"
)

func mustKeys(t *testing.T, encoded ...string) []ed25519.PrivateKey {
	t.Helper()
	keys, err := ParseSigningKeys(strings.Join(encoded, ","))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func mustSigner(t *testing.T, encoded ...string) *Signer {
	t.Helper()
	s, err := NewSigner(mustKeys(t, encoded...), "copydesk", 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestIssueVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, NewSigningKey())
	want := principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleContentWriter}
	tok, err := s.Issue(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewVerifier(s, "copydesk").Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if got.UserID != want.UserID || got.CompanyID != want.CompanyID || got.Role != want.Role || got.Token != tok {
		t.Fatalf("got %+v", got)
	}
	parsed, _, err := jwt.NewParser().ParseUnverified(tok, &Claims{})
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Header["alg"] != "EdDSA" || parsed.Header["kid"] != s.PublicKeys()[0].ID {
		t.Fatalf("header %v, want alg EdDSA and the signing key's kid", parsed.Header)
	}
}

func sign(t *testing.T, method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Only a token signed by one of auth's keys, naming it, is accepted: a
// token signed by any other key (even claiming auth's kid), with HS256
// (also keyed with auth's public key, the classic algorithm confusion), RS256
// or none is refused, as is every malformed or out-of-scope claim.
func TestVerifyRejects(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, NewSigningKey())
	v := NewVerifier(s, "copydesk")
	kid := s.PublicKeys()[0].ID
	authKey := s.keys[0].priv
	now := time.Now()
	good := func() jwt.MapClaims {
		return jwt.MapClaims{"sub": "u1", "company_id": "c1", "role": "company_admin", "iss": "copydesk",
			"aud": AudienceAPI, "iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "jti": "x"}
	}
	with := func(k string, v any) jwt.MapClaims { c := good(); c[k] = v; return c }
	without := func(k string) jwt.MapClaims { c := good(); delete(c, k); return c }
	ed := func(c jwt.MapClaims) string { return sign(t, jwt.SigningMethodEdDSA, authKey, kid, c) }
	valid := ed(good())
	parts := strings.Split(valid, ".")
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"u1","company_id":"OTHER","role":"superadmin","iss":"copydesk","aud":"copydesk-api","exp":9999999999}`)) + "." + parts[2]
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)

	cases := map[string]string{
		"other key, auth's kid": sign(t, jwt.SigningMethodEdDSA, otherKey, kid, good()),
		"other key, its kid":    sign(t, jwt.SigningMethodEdDSA, otherKey, KeyID(otherKey.Public().(ed25519.PublicKey)), good()),
		"no kid":                sign(t, jwt.SigningMethodEdDSA, authKey, "", good()),
		"unknown kid":           sign(t, jwt.SigningMethodEdDSA, authKey, "nope", good()),
		"alg none":              sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, good()),
		"HS256 any secret":      sign(t, jwt.SigningMethodHS256, []byte("0123456789abcdef0123456789abcdef"), kid, good()),
		"HS256 auth public key": sign(t, jwt.SigningMethodHS256, []byte(s.PublicKeys()[0].Key), kid, good()),
		"RS256":                 sign(t, jwt.SigningMethodRS256, rsaKey, kid, good()),
		"expired":               ed(with("exp", now.Add(-time.Hour).Unix())),
		"no exp":                ed(without("exp")),
		"wrong aud":             ed(with("aud", "someone-else")),
		"old service audience":  ed(with("aud", "copydesk-internal")),
		"wrong iss":             ed(with("iss", "evil")),
		"unknown role":          ed(with("role", "root")),
		"service role":          ed(with("role", "service")),
		"no company":            ed(without("company_id")),
		"tampered":              tampered,
		"garbage":               "not.a.jwt",
		"empty":                 "",
		"huge":                  strings.Repeat("a", 1<<20),
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if p, err := v.Verify(tok); err == nil {
				t.Fatalf("accepted: %+v", p)
			}
		})
	}
	if _, err := v.Verify(valid); err != nil {
		t.Fatalf("control token refused: %v", err)
	}
}

func TestParseSigningKeys(t *testing.T) {
	t.Parallel()
	a, b := NewSigningKey(), NewSigningKey()
	urlForm := strings.TrimRight(strings.NewReplacer("+", "-", "/", "_").Replace(b), "=")
	keys, err := ParseSigningKeys(" " + a + ",\n" + urlForm + " ")
	if err != nil || len(keys) != 2 {
		t.Fatalf("ParseSigningKeys = %d keys, %v", len(keys), err)
	}
	for name, in := range map[string]string{
		"empty": " , ", "not base64": "%%%", "short": base64.StdEncoding.EncodeToString(make([]byte, 16)),
		"twice": a + "," + a,
	} {
		if _, err := ParseSigningKeys(in); err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Contains(err.Error(), a) {
			t.Errorf("%s: the key appears in the error %q", name, err)
		}
	}
}
