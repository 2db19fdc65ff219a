// Package authn signs and verifies Copydesk access tokens: EdDSA (Ed25519)
// JWTs (golang-jwt v5) with sub, company_id, role, iss, aud, iat, nbf, exp
// and jti, and the signing key's id (kid) in the header.
//
// Only the auth service holds private keys (Signer, from
// JWT_SIGNING_KEYS); every other process verifies with the public keys it
// fetches from auth (RemoteKeys over auth's GetKeys RPC). Exactly one
// algorithm is accepted (EdDSA: HS256 and "none" are refused), the kid
// must name a key of the set, exp is required, iss and aud are checked,
// and base64 is decoded strictly (no second spelling of a token).
// Several keys may be valid at once, so a key is rotated without logging
// anyone out (docs/security.md, "Signing keys").
package authn

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// AudienceAPI is the audience of access tokens.
const AudienceAPI = "copydesk-api"

// Claims are the registered claims plus the tenant and role, and the
// issue time in milliseconds (iat is in whole seconds): the gateway
// compares it with a session cut-off, and a login in the same second right
// after a logout must not be taken for a token from before it.
type Claims struct {
	CompanyID  string `json:"company_id"`
	Role       string `json:"role"`
	IssuedAtMs int64  `json:"iat_ms,omitempty"`
	jwt.RegisteredClaims
}

// KeySource finds the public key of a key id (Signer for auth itself,
// RemoteKeys everywhere else).
type KeySource interface {
	Lookup(kid string) (ed25519.PublicKey, bool)
}

// Signer issues access tokens with the first of its keys; all its keys
// verify. Only auth has one.
type Signer struct {
	keys   []signingKey
	issuer string
	ttl    time.Duration
	now    func() time.Time
}

type signingKey struct {
	kid  string
	priv ed25519.PrivateKey
}

// NewSigner returns a Signer; the first key signs. It fails without a key,
// issuer or positive ttl.
func NewSigner(keys []ed25519.PrivateKey, issuer string, ttl time.Duration) (*Signer, error) {
	switch {
	case len(keys) == 0:
		return nil, errors.New("no signing key")
	case issuer == "":
		return nil, errors.New("JWT issuer must not be empty")
	case ttl <= 0:
		return nil, errors.New("token lifetime must be positive")
	}
	s := &Signer{issuer: issuer, ttl: ttl, now: time.Now}
	for _, k := range keys {
		s.keys = append(s.keys, signingKey{kid: KeyID(k.Public().(ed25519.PublicKey)), priv: k})
	}
	return s, nil
}

// TTL is the lifetime of issued access tokens.
func (s *Signer) TTL() time.Duration { return s.ttl }

// PublicKeys are the verifying halves of every key, the signing key first.
func (s *Signer) PublicKeys() []PublicKey {
	out := make([]PublicKey, 0, len(s.keys))
	for _, k := range s.keys {
		out = append(out, PublicKey{ID: k.kid, Key: k.priv.Public().(ed25519.PublicKey)})
	}
	return out
}

// Lookup makes a Signer the KeySource of auth's own verifier.
func (s *Signer) Lookup(kid string) (ed25519.PublicKey, bool) {
	for _, k := range s.keys {
		if k.kid == kid {
			return k.priv.Public().(ed25519.PublicKey), true
		}
	}
	return nil, false
}

// Issue signs an access token for a user principal.
func (s *Signer) Issue(p principal.Principal) (string, error) {
	now := s.now()
	claims := Claims{
		CompanyID:  p.CompanyID,
		Role:       p.Role,
		IssuedAtMs: now.UnixMilli(),
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   p.UserID,
			Issuer:    s.issuer,
			Audience:  jwt.ClaimStrings{AudienceAPI},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now.Add(-time.Second)),
			ExpiresAt: jwt.NewNumericDate(now.Add(s.ttl)),
			ID:        randomID(),
		},
	}
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	t.Header["kid"] = s.keys[0].kid
	signed, err := t.SignedString(s.keys[0].priv)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return signed, nil
}

// Verifier verifies access tokens against a KeySource. It remembers the
// tokens it verified (verified.go), so a client's next calls with the same
// token skip the Ed25519 check — a quarter of the gateway's CPU per
// request before (docs/performance.md).
type Verifier struct {
	keys   KeySource
	issuer string
	now    func() time.Time
	seen   verifiedTokens
}

// NewVerifier returns a Verifier of tokens from issuer signed by keys.
func NewVerifier(keys KeySource, issuer string) *Verifier {
	return &Verifier{keys: keys, issuer: issuer, now: time.Now, seen: verifiedTokens{max: verifiedMax}}
}

var errBadToken = errs.New(errs.ErrUnauthenticated, "Could not validate credentials")

// Verify parses an access token into its user principal.
func (v *Verifier) Verify(token string) (principal.Principal, error) {
	if token == "" || len(token) > 8192 {
		return principal.Principal{}, errBadToken
	}
	if p, ok := v.seen.get(token, v.now(), v.keys); ok {
		return p, nil
	}
	var claims Claims
	parsed, err := jwt.ParseWithClaims(token, &claims, v.key,
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(v.issuer),
		jwt.WithAudience(AudienceAPI),
		jwt.WithTimeFunc(v.now),
		jwt.WithLeeway(5*time.Second),
		// No spare bits: without it the signature's last character has
		// variants that decode alike (one token, several strings).
		jwt.WithStrictDecoding(),
	)
	if err != nil {
		return principal.Principal{}, errBadToken
	}
	p := principal.Principal{UserID: claims.Subject, CompanyID: claims.CompanyID, Role: claims.Role, Token: token}
	switch {
	case claims.IssuedAtMs > 0:
		p.IssuedAt = time.UnixMilli(claims.IssuedAtMs)
	case claims.IssuedAt != nil:
		p.IssuedAt = claims.IssuedAt.Time
	}
	if p.UserID == "" || !principal.ValidUserRole(p.Role) || p.CompanyID == "" {
		return principal.Principal{}, errBadToken
	}
	if kid, _ := parsed.Header["kid"].(string); claims.ExpiresAt != nil {
		v.seen.put(token, p, claims.ExpiresAt.Time, kid)
	}
	return p, nil
}

// key is the keyfunc: the header's kid must name a key of the set (the
// algorithm was checked by WithValidMethods before).
func (v *Verifier) key(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	if kid == "" {
		return nil, errors.New("token has no kid")
	}
	k, ok := v.keys.Lookup(kid)
	if !ok {
		return nil, errors.New("unknown kid")
	}
	return k, nil
}

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
