package e2e

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	"github.com/golang-jwt/jwt/v5"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/authn"
)

// TestJWKSVerifiesAccessTokens: /.well-known/jwks.json serves auth's
// public key without a token, and a standard JOSE client (go-jose)
// verifies a real access token with it.
func TestJWKSVerifiesAccessTokens(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	s := newSession(t, co, "content_writer")
	r := call(t, http.MethodGet, "/.well-known/jwks.json", "", nil)
	want(t, r, http.StatusOK)
	var set jose.JSONWebKeySet
	if err := json.Unmarshal([]byte(r.body), &set); err != nil {
		t.Fatalf("JWKS %s: %v", r.body, err)
	}
	tok, err := josejwt.ParseSigned(s.Access, []jose.SignatureAlgorithm{jose.EdDSA})
	if err != nil {
		t.Fatal(err)
	}
	kid := tok.Headers[0].KeyID
	keys := set.Key(kid)
	if kid == "" || len(keys) != 1 {
		t.Fatalf("token kid %q, JWKS %s", kid, r.body)
	}
	var claims josejwt.Claims
	if err := tok.Claims(keys[0].Key, &claims); err != nil {
		t.Fatalf("go-jose refuses the access token with the published key: %v", err)
	}
	if err := claims.ValidateWithLeeway(josejwt.Expected{Issuer: jwtIssuer, AnyAudience: []string{"copydesk-api"}, Time: time.Now()}, time.Minute); err != nil || claims.Subject != s.ID {
		t.Fatalf("claims %+v: %v", claims, err)
	}
}

// TestTokenOfAnotherKeyRefusedEverywhere: a token signed by any key but
// auth's — with auth's kid, or HS256 — is refused by the gateway and by
// every service called directly (with a certificate of the stack, as a
// compromised peer would), while the same claims signed by auth pass.
func TestTokenOfAnotherKeyRefusedEverywhere(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	s := newSession(t, co, "company_admin")
	kid := authn.KeyID(env.authKey.Public().(ed25519.PublicKey))
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	superadmin := claimsOf(s)
	superadmin["role"] = "superadmin"
	forged := map[string]string{
		"other key":     forge(t, jwt.SigningMethodEdDSA, otherKey, kid, superadmin),
		"HS256":         forge(t, jwt.SigningMethodHS256, []byte("a-leaked-shared-secret-of-32-bytes!!"), kid, superadmin),
		"none":          forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, superadmin),
		"auth's public": forge(t, jwt.SigningMethodHS256, []byte(env.authKey.Public().(ed25519.PublicKey)), kid, superadmin),
	}
	gateway := certOf(t, "gateway")
	for name, tok := range forged {
		want(t, call(t, http.MethodGet, "/api/users", tok, nil), http.StatusUnauthorized)
		for service, method := range userMethods {
			err := invokeAny(bearerCtx(t.Context(), tok), dialAs(t, service, gateway), method)
			if status.Code(err) != codes.Unauthenticated {
				t.Errorf("%s token at %s: %v, want Unauthenticated", name, service, err)
			}
		}
	}
	real := forge(t, jwt.SigningMethodEdDSA, env.authKey, kid, claimsOf(s))
	want(t, call(t, http.MethodGet, "/auth/me", real, nil), http.StatusOK)
	for service, method := range userMethods {
		if err := invokeAny(bearerCtx(t.Context(), real), dialAs(t, service, gateway), method); status.Code(err) == codes.Unauthenticated {
			t.Errorf("auth's key at %s: %v", service, err)
		}
	}
}
