// Package authn issues and verifies Copydesk access tokens: HS256 JWTs
// (golang-jwt v5) with sub, company_id, role, iss, aud, iat, exp and jti.
// Exactly one algorithm is accepted, exp is required, iss and aud are
// checked, and a secret shorter than 32 bytes is refused.
package authn

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// MinSecretLen is the shortest JWT secret accepted.
const MinSecretLen = 32

// Audiences: user tokens are for the API; service tokens only for
// service-to-service calls and are refused by the gateway.
const (
	AudienceAPI      = "copydesk-api"
	AudienceInternal = "copydesk-internal"
)

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

// Tokens issues and verifies tokens with one secret.
type Tokens struct {
	secret []byte
	issuer string
	ttl    time.Duration
	now    func() time.Time
}

// New returns Tokens; it fails on a short secret or a non-positive ttl.
func New(secret, issuer string, ttl time.Duration) (*Tokens, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("JWT secret must be at least %d bytes", MinSecretLen)
	}
	if issuer == "" {
		return nil, errors.New("JWT issuer must not be empty")
	}
	if ttl <= 0 {
		return nil, errors.New("token lifetime must be positive")
	}
	return &Tokens{secret: []byte(secret), issuer: issuer, ttl: ttl, now: time.Now}, nil
}

// TTL is the lifetime of issued access tokens.
func (t *Tokens) TTL() time.Duration { return t.ttl }

// Issue signs an access token for a user principal.
func (t *Tokens) Issue(p principal.Principal) (string, error) {
	return t.sign(p, AudienceAPI, t.ttl)
}

// IssueService signs a short-lived token that names a service, for calls
// that act on nobody's behalf (e.g. auth asking users to check a password).
func (t *Tokens) IssueService(service string) (string, error) {
	return t.sign(principal.Principal{UserID: "service:" + service, Role: principal.RoleService}, AudienceInternal, 5*time.Minute)
}

func (t *Tokens) sign(p principal.Principal, aud string, ttl time.Duration) (string, error) {
	now := t.now()
	claims := Claims{
		CompanyID:  p.CompanyID,
		Role:       p.Role,
		IssuedAtMs: now.UnixMilli(),
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   p.UserID,
			Issuer:    t.issuer,
			Audience:  jwt.ClaimStrings{aud},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now.Add(-time.Second)),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			ID:        randomID(),
		},
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}

// Verify parses a user access token (audience copydesk-api).
func (t *Tokens) Verify(token string) (principal.Principal, error) {
	return t.verify(token, AudienceAPI)
}

// VerifyAny accepts user tokens and service tokens; services use it.
func (t *Tokens) VerifyAny(token string) (principal.Principal, error) {
	p, err := t.verify(token, AudienceAPI)
	if err == nil {
		return p, nil
	}
	return t.verify(token, AudienceInternal)
}

func (t *Tokens) verify(token, aud string) (principal.Principal, error) {
	if token == "" || len(token) > 8192 {
		return principal.Principal{}, errs.New(errs.ErrUnauthenticated, "Could not validate credentials")
	}
	var claims Claims
	_, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(t.issuer),
		jwt.WithAudience(aud),
		jwt.WithTimeFunc(t.now),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return principal.Principal{}, errs.New(errs.ErrUnauthenticated, "Could not validate credentials")
	}
	p := principal.Principal{UserID: claims.Subject, CompanyID: claims.CompanyID, Role: claims.Role, Token: token}
	switch {
	case claims.IssuedAtMs > 0:
		p.IssuedAt = time.UnixMilli(claims.IssuedAtMs)
	case claims.IssuedAt != nil:
		p.IssuedAt = claims.IssuedAt.Time
	}
	if p.UserID == "" || p.Role == "" {
		return principal.Principal{}, errs.New(errs.ErrUnauthenticated, "Could not validate credentials")
	}
	if aud == AudienceInternal && p.Role != principal.RoleService {
		return principal.Principal{}, errs.New(errs.ErrUnauthenticated, "Could not validate credentials")
	}
	if aud == AudienceAPI && (!principal.ValidUserRole(p.Role) || p.CompanyID == "") {
		return principal.Principal{}, errs.New(errs.ErrUnauthenticated, "Could not validate credentials")
	}
	return p, nil
}

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
