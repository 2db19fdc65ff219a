package e2e

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/copydesk/copydesk/pkg/authn"
)

func claimsOf(s session) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"sub": s.ID, "company_id": s.CompanyID, "role": s.Role, "iss": jwtIssuer, "aud": []string{"copydesk-api"},
		"iat": now.Unix(), "nbf": now.Add(-time.Second).Unix(), "exp": now.Add(5 * time.Minute).Unix(), "jti": uniq("jti"),
	}
}

// forge signs c with m and key, naming the key kid.
func forge(t *testing.T, m jwt.SigningMethod, key any, kid string, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, c)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tamper rewrites claims in a token's payload and keeps its signature.
func tamper(t *testing.T, token string, set map[string]any) string {
	t.Helper()
	parts := strings.Split(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	for k, v := range set {
		c[k] = v
	}
	raw, _ = json.Marshal(c)
	parts[1] = base64.RawURLEncoding.EncodeToString(raw)
	return strings.Join(parts, ".")
}

func TestJWTNegatives(t *testing.T) {
	t.Parallel()
	coA, _ := newCompany(t)
	coB, _ := newCompany(t)
	s := newSession(t, coA, "company_admin")
	key := env.authKey
	kid := authn.KeyID(key.Public().(ed25519.PublicKey))
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	with := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := claimsOf(s)
		change(c)
		return c
	}
	ed := func(c jwt.MapClaims) string { return forge(t, jwt.SigningMethodEdDSA, key, kid, c) }
	// The forging itself is right: a well-made token is accepted.
	want(t, call(t, http.MethodGet, "/auth/me", ed(claimsOf(s)), nil), http.StatusOK)

	cases := map[string]string{
		"alg none":                 forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, claimsOf(s)),
		"other key, auth's kid":    forge(t, jwt.SigningMethodEdDSA, otherKey, kid, claimsOf(s)),
		"other key, its own kid":   forge(t, jwt.SigningMethodEdDSA, otherKey, authn.KeyID(otherKey.Public().(ed25519.PublicKey)), claimsOf(s)),
		"HS256":                    forge(t, jwt.SigningMethodHS256, []byte("not-the-secret-but-long-enough-0123456789"), kid, claimsOf(s)),
		"HS256 with auth's public": forge(t, jwt.SigningMethodHS256, []byte(key.Public().(ed25519.PublicKey)), kid, claimsOf(s)),
		"no kid":                   forge(t, jwt.SigningMethodEdDSA, key, "", claimsOf(s)),
		"expired": ed(with(func(c jwt.MapClaims) {
			c["iat"], c["nbf"], c["exp"] = time.Now().Add(-2*time.Hour).Unix(), time.Now().Add(-2*time.Hour).Unix(), time.Now().Add(-time.Hour).Unix()
		})),
		"no exp":           ed(with(func(c jwt.MapClaims) { delete(c, "exp") })),
		"wrong aud":        ed(with(func(c jwt.MapClaims) { c["aud"] = "someone-else" })),
		"no aud":           ed(with(func(c jwt.MapClaims) { delete(c, "aud") })),
		"wrong iss":        ed(with(func(c jwt.MapClaims) { c["iss"] = "evil" })),
		"tampered company": tamper(t, s.Access, map[string]any{"company_id": coB}),
		"tampered role":    tamper(t, s.Access, map[string]any{"role": "superadmin"}),
		"service role": ed(with(func(c jwt.MapClaims) {
			c["sub"], c["role"], c["aud"], c["company_id"] = "service:auth", "service", []string{"copydesk-internal"}, ""
		})),
		"internal audience, user role": ed(with(func(c jwt.MapClaims) { c["aud"] = []string{"copydesk-internal"} })),
		"garbage":                      "garbage",
		"three dots":                   "a.b.c",
		"empty":                        "",
	}
	for name, tok := range cases {
		for _, path := range []string{"/auth/me", "/api/users"} {
			r := call(t, http.MethodGet, path, "", nil, "Authorization", "Bearer "+tok)
			if r.status != http.StatusUnauthorized || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s on %s: %s (WWW-Authenticate %q), want 401 Bearer", name, path, r, r.header.Get("WWW-Authenticate"))
			}
		}
	}
	for _, h := range []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(s.Email+":"+s.Password)), s.Access, "Bearer"} {
		r := call(t, http.MethodGet, "/auth/me", "", nil, "Authorization", h)
		want(t, r, http.StatusUnauthorized)
	}
}

// TestHugeAuthorizationHeader: a 1 MB header is refused quickly and the
// server keeps serving.
func TestHugeAuthorizationHeader(t *testing.T) {
	t.Parallel()
	client := &http.Client{Timeout: 10 * time.Second}
	req, err := http.NewRequest(http.MethodGet, env.url+"/auth/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+strings.Repeat("a", 1<<20))
	resp, err := client.Do(req)
	var nerr net.Error
	switch {
	case err == nil:
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("1 MB header: %d, want 431 or 400", resp.StatusCode)
		}
	case errors.As(err, &nerr) && nerr.Timeout():
		t.Fatalf("1 MB header: connection hung: %v", err)
	default:
		t.Logf("1 MB header: connection closed by the server: %v", err)
	}
	want(t, call(t, http.MethodGet, "/healthz", "", nil), http.StatusOK)
}
