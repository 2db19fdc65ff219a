package authn

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/copydesk/copydesk/pkg/principal"
)

const secret = "0123456789abcdef0123456789abcdef"

func mustTokens(t *testing.T) *Tokens {
	t.Helper()
	tk, err := New(secret, "copydesk", 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestNewRefusesShortSecret(t *testing.T) {
	t.Parallel()
	if _, err := New(strings.Repeat("x", 31), "copydesk", time.Minute); err == nil {
		t.Fatal("31-byte secret accepted")
	}
	if _, err := New(strings.Repeat("x", 32), "copydesk", time.Minute); err != nil {
		t.Fatalf("32-byte secret refused: %v", err)
	}
}

func TestIssueVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	tk := mustTokens(t)
	want := principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleContentWriter}
	s, err := tk.Issue(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tk.Verify(s)
	if err != nil {
		t.Fatal(err)
	}
	if got.UserID != want.UserID || got.CompanyID != want.CompanyID || got.Role != want.Role || got.Token != s {
		t.Fatalf("got %+v", got)
	}
}

func sign(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyRejects(t *testing.T) {
	t.Parallel()
	tk := mustTokens(t)
	now := time.Now()
	good := func() jwt.MapClaims {
		return jwt.MapClaims{"sub": "u1", "company_id": "c1", "role": "company_admin", "iss": "copydesk",
			"aud": AudienceAPI, "iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "jti": "x"}
	}
	with := func(k string, v any) jwt.MapClaims { c := good(); c[k] = v; return c }
	without := func(k string) jwt.MapClaims { c := good(); delete(c, k); return c }
	valid := sign(t, jwt.SigningMethodHS256, []byte(secret), good())
	parts := strings.Split(valid, ".")
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"u1","company_id":"OTHER","role":"superadmin","iss":"copydesk","aud":"copydesk-api","exp":9999999999}`)) + "." + parts[2]
	none := sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good())
	svc, _ := tk.IssueService("auth")

	cases := map[string]string{
		"alg none":      none,
		"wrong key":     sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), good()),
		"HS512":         sign(t, jwt.SigningMethodHS512, []byte(secret), good()),
		"expired":       sign(t, jwt.SigningMethodHS256, []byte(secret), with("exp", now.Add(-time.Hour).Unix())),
		"no exp":        sign(t, jwt.SigningMethodHS256, []byte(secret), without("exp")),
		"wrong aud":     sign(t, jwt.SigningMethodHS256, []byte(secret), with("aud", "someone-else")),
		"wrong iss":     sign(t, jwt.SigningMethodHS256, []byte(secret), with("iss", "evil")),
		"unknown role":  sign(t, jwt.SigningMethodHS256, []byte(secret), with("role", "root")),
		"no company":    sign(t, jwt.SigningMethodHS256, []byte(secret), without("company_id")),
		"tampered":      tampered,
		"garbage":       "not.a.jwt",
		"empty":         "",
		"huge":          strings.Repeat("a", 1<<20),
		"service token": svc,
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if p, err := tk.Verify(tok); err == nil {
				t.Fatalf("accepted: %+v", p)
			}
		})
	}
	if _, err := tk.Verify(valid); err != nil {
		t.Fatalf("control token refused: %v", err)
	}
}

func TestServiceTokensOnlyForVerifyAny(t *testing.T) {
	t.Parallel()
	tk := mustTokens(t)
	svc, err := tk.IssueService("auth")
	if err != nil {
		t.Fatal(err)
	}
	p, err := tk.VerifyAny(svc)
	if err != nil {
		t.Fatal(err)
	}
	if !p.IsService() || p.UserID != "service:auth" {
		t.Fatalf("got %+v", p)
	}
	// A user token forged with role "service" but the API audience is refused.
	forged := sign(t, jwt.SigningMethodHS256, []byte(secret), jwt.MapClaims{"sub": "x", "role": "service", "company_id": "c",
		"iss": "copydesk", "aud": AudienceAPI, "exp": time.Now().Add(time.Minute).Unix()})
	if _, err := tk.VerifyAny(forged); err == nil {
		t.Fatal("service role with API audience accepted")
	}
}
