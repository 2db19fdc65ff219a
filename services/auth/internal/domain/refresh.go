package domain

import (
	"context"
	"errors"
	"fmt"

	"github.com/copydesk/copydesk/pkg/errs"
)

// maxRefreshTokenLen bounds the presented token (ours are 43 characters).
const maxRefreshTokenLen = 256

var errInvalidRefresh = errs.New(errs.ErrUnauthenticated, "Invalid refresh token")

// Refresh rotates a refresh token: the presented token is spent and a new
// one of the same family is issued with an access token that carries the
// user's CURRENT role and company (asked of the users service, which also
// confirms that user and company are still active).
//
// Order of the steps, chosen so that no race leaves a live token behind:
//  1. read the token; rotated already → reuse: revoke the family;
//  2. look the user up (a users outage leaves the token unspent); a user
//     who may no longer act, or whose password changed after the token
//     was created, ends the family. `now` is read before the lookup and is
//     the new token's creation time, so a password change that lands
//     while this refresh is in flight is later than the new token too,
//     which the next refresh then refuses;
//  3. store the new token, THEN spend the old one atomically. A concurrent
//     request that loses step 3 revokes the family, and since every winner
//     stored its new token before spending the old one, the revocation
//     catches it too;
//  4. check that the family was not revoked meanwhile (a reuse or a logout
//     racing with this refresh): the revoker marks the family before it
//     revokes the tokens, so either it sees the token of step 3 or this
//     step sees its mark.
func (s *Service) Refresh(ctx context.Context, token string) (TokenPair, error) {
	if token == "" {
		var v errs.Validator
		v.Add("refresh_token", "missing", "Field required")
		return TokenPair{}, v.Err()
	}
	if len(token) > maxRefreshTokenLen {
		return TokenPair{}, errInvalidRefresh
	}
	hash := HashRefreshToken(token)
	old, err := s.Tokens.Get(ctx, hash)
	if errors.Is(err, ErrTokenUnknown) {
		return TokenPair{}, errInvalidRefresh
	}
	if err != nil {
		return TokenPair{}, fmt.Errorf("read refresh token: %w", err)
	}
	now := s.Now()
	switch {
	case old.RevokedAt != nil:
		return TokenPair{}, errInvalidRefresh
	case old.RotatedAt != nil:
		return TokenPair{}, s.reuse(ctx, old)
	case !now.Before(old.ExpiresAt):
		return TokenPair{}, errInvalidRefresh
	}

	acct, err := s.Directory.LookupUser(ctx, old.UserID)
	switch {
	case errors.Is(err, errs.ErrNotFound) || err == nil && (!acct.Active || !acct.CompanyActive):
		// The user may no longer act: end the session for good.
		if _, err := s.Tokens.RevokeFamily(ctx, old.FamilyID, now); err != nil {
			return TokenPair{}, fmt.Errorf("revoke family of inactive user: %w", err)
		}
		return TokenPair{}, errInvalidRefresh
	case err == nil && old.CreatedAt.Before(acct.CredentialsChangedAt):
		// The password changed after this session began (a zero time
		// never matches): whoever holds the token may be the reason for
		// the change, so the session ends for good.
		if _, err := s.Tokens.RevokeFamily(ctx, old.FamilyID, now); err != nil {
			return TokenPair{}, fmt.Errorf("revoke family after password change: %w", err)
		}
		s.Log.InfoContext(ctx, "refresh token older than the password; family revoked",
			"user_id", old.UserID, "company_id", old.CompanyID)
		return TokenPair{}, errInvalidRefresh
	case err != nil:
		return TokenPair{}, fmt.Errorf("look up user: %w", err)
	}

	tok, rec := s.newRefreshToken(acct, old.FamilyID, now)
	if err := s.Tokens.Insert(ctx, rec); err != nil {
		return TokenPair{}, fmt.Errorf("store refresh token: %w", err)
	}
	if err := s.Tokens.Rotate(ctx, hash, now); err != nil {
		if errors.Is(err, ErrTokenRotated) {
			return TokenPair{}, s.reuse(ctx, old)
		}
		// Revoked or expired meanwhile: kill the token stored above too.
		if _, rerr := s.Tokens.RevokeFamily(ctx, old.FamilyID, now); rerr != nil {
			return TokenPair{}, fmt.Errorf("revoke family: %w", rerr)
		}
		if errors.Is(err, ErrTokenRevoked) || errors.Is(err, ErrTokenExpired) || errors.Is(err, ErrTokenUnknown) {
			return TokenPair{}, errInvalidRefresh
		}
		return TokenPair{}, fmt.Errorf("rotate refresh token: %w", err)
	}
	revoked, err := s.Tokens.FamilyRevoked(ctx, old.FamilyID)
	if err != nil {
		return TokenPair{}, fmt.Errorf("check family: %w", err)
	}
	if revoked {
		if _, err := s.Tokens.RevokeFamily(ctx, old.FamilyID, now); err != nil {
			return TokenPair{}, fmt.Errorf("revoke family: %w", err)
		}
		return TokenPair{}, errInvalidRefresh
	}
	access, err := s.accessToken(acct)
	if err != nil {
		return TokenPair{}, err
	}
	return TokenPair{AccessToken: access, RefreshToken: tok, ExpiresIn: s.Issuer.TTL()}, nil
}

// reuse handles a spent token presented again: someone holds a copy, so the
// whole family is revoked and both holders must log in again.
func (s *Service) reuse(ctx context.Context, t RefreshToken) error {
	n, err := s.Tokens.RevokeFamily(ctx, t.FamilyID, s.Now())
	if err != nil {
		return fmt.Errorf("revoke reused family: %w", err)
	}
	s.Log.WarnContext(ctx, "refresh token reuse; family revoked", "user_id", t.UserID, "company_id", t.CompanyID, "revoked", n)
	return errInvalidRefresh
}
