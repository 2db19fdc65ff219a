package edge_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/principal"
)

// sign makes a token with the given claims, method, key and kid.
func sign(t *testing.T, method jwt.SigningMethod, key any, kid string, mutate func(*authn.Claims)) string {
	t.Helper()
	now := time.Now()
	c := authn.Claims{CompanyID: "c1", Role: principal.RoleCompanyAdmin, RegisteredClaims: jwt.RegisteredClaims{
		Subject: "u1", Issuer: "copydesk", Audience: jwt.ClaimStrings{authn.AudienceAPI},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)),
	}}
	if mutate != nil {
		mutate(&c)
	}
	tok := jwt.NewWithClaims(method, c)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Only tokens signed by auth's key, fetched from auth, pass the edge: a
// token signed by any other key (even naming auth's kid), HS256 (even
// keyed with auth's public key), none, or with bad claims is a 401 and
// reaches no backend.
func TestAuthRefusesBadTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	authKey := e.tokens.PublicKeys()[0]
	kid := authKey.ID
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	valid := e.token(t)
	parts := strings.Split(valid, ".")
	bearer := func(tok string) string { return "Authorization: Bearer " + tok }
	tests := []struct {
		name, header, detail string
	}{
		{"missing", "", "Not authenticated"},
		{"basic scheme", "Authorization: Basic dTpw", "Not authenticated"},
		{"empty bearer", "Authorization: Bearer", "Not authenticated"},
		{"garbage", "Authorization: Bearer not.a.jwt", "Could not validate credentials"},
		{"sanity: valid token", bearer(valid), ""},
		{"sanity: made-up claims, auth's key", bearer(sign(t, jwt.SigningMethodEdDSA, e.authKey, kid, nil)), ""},
		{"other key, auth's kid", bearer(sign(t, jwt.SigningMethodEdDSA, otherKey, kid, nil)), "Could not validate credentials"},
		{"other key, unknown kid", bearer(sign(t, jwt.SigningMethodEdDSA, otherKey, "k2", nil)), "Could not validate credentials"},
		{"auth's claims, another signature", bearer(parts[0] + "." + parts[1] + "." + strings.Split(sign(t, jwt.SigningMethodEdDSA, otherKey, kid, nil), ".")[2]),
			"Could not validate credentials"},
		{"HS256", bearer(sign(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 40)), kid, nil)), "Could not validate credentials"},
		{"HS256 keyed with auth's public key", bearer(sign(t, jwt.SigningMethodHS256, []byte(authKey.Key), kid, nil)), "Could not validate credentials"},
		{"alg none", bearer(sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, nil)), "Could not validate credentials"},
		{"expired", bearer(sign(t, jwt.SigningMethodEdDSA, e.authKey, kid, func(c *authn.Claims) {
			c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Hour))
		})), "Could not validate credentials"},
		{"wrong aud", bearer(sign(t, jwt.SigningMethodEdDSA, e.authKey, kid, func(c *authn.Claims) {
			c.Audience = jwt.ClaimStrings{"copydesk-internal"}
		})), "Could not validate credentials"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var headers []string
			if tc.header != "" {
				headers = append(headers, tc.header)
			}
			before := e.called("Me")
			r := e.do(t, http.MethodGet, "/auth/me", "", headers...)
			if tc.detail == "" {
				if r.code != 200 {
					t.Fatalf("valid token: %d %s", r.code, r.body)
				}
				return
			}
			if r.code != 401 || r.body != `{"detail":"`+tc.detail+`"}` || r.header.Get("WWW-Authenticate") != "Bearer" {
				t.Fatalf("got %d %s (WWW-Authenticate %q)", r.code, r.body, r.header.Get("WWW-Authenticate"))
			}
			if e.called("Me") != before {
				t.Error("backend was called")
			}
		})
	}
}

// A client can set no identity: spoofed headers never reach a backend,
// the verified principal and its token do.
func TestClientIdentityHeadersDropped(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tok := e.token(t)
	r := e.do(t, http.MethodGet, "/api/users/u1", "",
		"Authorization: Bearer "+tok,
		"Grpc-Metadata-Company-Id: evil-co",
		"Grpc-Metadata-X-Copydesk-Company-Id: evil-co",
		"Grpc-Metadata-X-Copydesk-Role: superadmin",
		"X-Copydesk-Company-Id: evil-co",
		"X-Copydesk-Role: superadmin",
		"X-Copydesk-User-Id: evil-user",
		"Company-Id: evil-co",
		"Grpc-Timeout: 1n",
		"X-Request-Id: trace-123.abc",
	)
	if r.code != 200 {
		t.Fatalf("got %d %s", r.code, r.body)
	}
	if got := r.header.Get("X-Request-Id"); got != "trace-123.abc" {
		t.Errorf("X-Request-Id = %q", got)
	}
	calls := e.calls.all()
	if len(calls) != 1 {
		t.Fatalf("%d calls", len(calls))
	}
	md := calls[0].md
	for k, vs := range md {
		for _, v := range vs {
			if strings.Contains(v, "evil") || strings.Contains(v, "superadmin") {
				t.Errorf("spoofed metadata reached the backend: %s=%s", k, v)
			}
		}
		if k == "company-id" {
			t.Errorf("client metadata key forwarded: %s", k)
		}
	}
	want := map[string]string{
		principal.MDAuthorization: "Bearer " + tok,
		principal.MDUserID:        "u1",
		principal.MDCompanyID:     "c1",
		principal.MDRole:          principal.RoleCompanyAdmin,
		principal.MDRequestID:     "trace-123.abc",
	}
	for k, v := range want {
		if got := md.Get(k); len(got) != 1 || got[0] != v {
			t.Errorf("metadata %s = %q, want [%q]", k, got, v)
		}
	}
	if strings.Contains(e.logs.String(), tok) {
		t.Error("the token appears in the logs")
	}
}

// An invalid client request id is replaced, never forwarded.
func TestBadRequestIDReplaced(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	r := e.do(t, http.MethodGet, "/auth/me", "", "Authorization: Bearer "+e.token(t), "X-Request-Id: bad id\"<script>")
	got := r.header.Get("X-Request-Id")
	if r.code != 200 || got == "" || strings.ContainsAny(got, " \"<") {
		t.Fatalf("got %d, X-Request-Id %q", r.code, got)
	}
	if md := e.calls.all()[0].md.Get(principal.MDRequestID); len(md) != 1 || md[0] != got {
		t.Errorf("backend request id %q, want %q", md, got)
	}
}

// /.well-known/jwks.json serves auth's public keys as a JWK Set, without
// a token, and the key there verifies the access tokens.
func TestJWKS(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	var r resp
	for range 100 { // until the background fetch from auth has run
		if r = e.do(t, http.MethodGet, "/.well-known/jwks.json", ""); r.code != http.StatusServiceUnavailable {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if r.code != 200 || r.header.Get("Content-Type") != "application/jwk-set+json" {
		t.Fatalf("got %d %s %q", r.code, r.body, r.header.Get("Content-Type"))
	}
	var set struct {
		Keys []authn.JWK `json:"keys"`
	}
	if err := json.Unmarshal([]byte(r.body), &set); err != nil {
		t.Fatal(err)
	}
	want := e.tokens.PublicKeys()[0]
	if len(set.Keys) != 1 || set.Keys[0].Kid != want.ID || set.Keys[0].Kty != "OKP" || set.Keys[0].Crv != "Ed25519" || set.Keys[0].Alg != "EdDSA" {
		t.Fatalf("keys = %+v, want auth's key %s", set.Keys, want.ID)
	}
	if r := e.do(t, http.MethodPost, "/.well-known/jwks.json", ""); r.code != http.StatusMethodNotAllowed {
		t.Fatalf("POST: %d", r.code)
	}
}
