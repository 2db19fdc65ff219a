package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Input bounds of the login form.
const (
	maxUsernameLen = 320
	maxPasswordLen = 1024
)

// LoginRequest is the OAuth2 password grant.
type LoginRequest struct {
	GrantType string
	Username  string // the user's email, or username (no "@"): the users service tells them apart
	Password  string
	CompanyID string // optional: picks the company of a login used in several
	// ClientAddr is the client's IP address as the gateway saw it (""
	// when unknown): failed logins are counted per login and address.
	ClientAddr string
}

// errBadCredentials is the one answer for an unknown user and a wrong
// password alike.
var errBadCredentials = errs.New(errs.ErrUnauthenticated, "Incorrect username or password")

// Login checks the grant, the throttle and the credentials, and issues a
// token pair in a new family.
func (s *Service) Login(ctx context.Context, req LoginRequest) (TokenPair, error) {
	if req.GrantType != "" && req.GrantType != "password" {
		return TokenPair{}, errs.New(errs.ErrBadRequest, "unsupported_grant_type")
	}
	username := strings.TrimSpace(req.Username)
	var v errs.Validator
	if username == "" {
		v.Add("username", "missing", "Field required")
	}
	v.Check(len(username) <= maxUsernameLen, "username", "string_too_long", "String should have at most %d characters", maxUsernameLen)
	if req.Password == "" {
		v.Add("password", "missing", "Field required")
	}
	v.Check(len(req.Password) <= maxPasswordLen, "password", "string_too_long", "String should have at most %d characters", maxPasswordLen)
	v.Check(req.CompanyID == "" || isID(req.CompanyID), "company_id", "value_error", "company_id must be a 24-character hex id")
	if err := v.Err(); err != nil {
		return TokenPair{}, err
	}

	key := throttleKey(username, req.CompanyID, req.ClientAddr)
	if err := s.checkLocked(ctx, key); err != nil {
		return TokenPair{}, err
	}
	acct, err := s.Directory.VerifyCredentials(ctx, username, req.Password, req.CompanyID)
	if errors.Is(err, errs.ErrNotFound) { // no active account matches
		if err := s.recordFailure(ctx, key); err != nil {
			return TokenPair{}, err
		}
		return TokenPair{}, errBadCredentials
	}
	if err != nil {
		return TokenPair{}, fmt.Errorf("verify credentials: %w", err)
	}
	for _, k := range successKeys(username, req, acct) {
		if err := s.Throttle.Reset(ctx, k); err != nil {
			// The login is valid; a stale counter only ages out of its window.
			s.Log.ErrorContext(ctx, "reset login throttle failed", "error", err.Error())
		}
	}
	return s.issue(ctx, acct, newFamilyID())
}

// issue stores a new refresh token of family for acct and signs the
// access token.
func (s *Service) issue(ctx context.Context, acct Account, family string) (TokenPair, error) {
	tok, rec := s.newRefreshToken(acct, family, s.Now())
	if err := s.Tokens.Insert(ctx, rec); err != nil {
		return TokenPair{}, fmt.Errorf("store refresh token: %w", err)
	}
	access, err := s.accessToken(acct)
	if err != nil {
		return TokenPair{}, err
	}
	return TokenPair{AccessToken: access, RefreshToken: tok, ExpiresIn: s.Issuer.TTL()}, nil
}

func (s *Service) accessToken(acct Account) (string, error) {
	if acct.ID == "" || acct.CompanyID == "" || !principal.ValidUserRole(acct.Role) {
		return "", fmt.Errorf("account %q from the directory is incomplete (role %q)", acct.ID, acct.Role)
	}
	return s.Issuer.Issue(principal.Principal{UserID: acct.ID, CompanyID: acct.CompanyID, Role: acct.Role})
}

// isID accepts an id in either case (the users service canonicalises it).
func isID(s string) bool {
	_, ok := ids.Canonical(s)
	return ok
}
