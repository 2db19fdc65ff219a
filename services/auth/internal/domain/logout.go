package domain

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/copydesk/copydesk/pkg/principal"
)

// Logout revokes refresh tokens of the caller: the family of refreshToken
// when given, otherwise every refresh token of the caller. A token that is
// unknown or belongs to someone else is left alone and the answer is the
// same, so logout reveals nothing about other people's tokens.
//
// The caller's access tokens issued before now end too: the users service
// records a session cut-off that the gateway applies within seconds
// (every device's access token; the other devices refresh theirs).
func (s *Service) Logout(ctx context.Context, caller principal.Principal, refreshToken string) error {
	if caller.UserID == "" {
		return errors.New("logout without a caller")
	}
	if err := s.Directory.EndSessions(ctx, caller.UserID); err != nil {
		return fmt.Errorf("end access tokens: %w", err)
	}
	now := s.Now()
	if refreshToken == "" {
		if _, err := s.Tokens.RevokeUser(ctx, caller.UserID, now); err != nil {
			return fmt.Errorf("revoke user's refresh tokens: %w", err)
		}
		return nil
	}
	if len(refreshToken) > maxRefreshTokenLen {
		return nil
	}
	t, err := s.Tokens.Get(ctx, HashRefreshToken(refreshToken))
	if errors.Is(err, ErrTokenUnknown) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read refresh token: %w", err)
	}
	if t.UserID != caller.UserID {
		return nil
	}
	if _, err := s.Tokens.RevokeFamily(ctx, t.FamilyID, now); err != nil {
		return fmt.Errorf("revoke family: %w", err)
	}
	return nil
}

// Purge deletes the refresh tokens that have expired and the failed-login
// records old enough that no lock of theirs can still hold (a lock starts
// within its window and lasts one Lockout). There are no TTL indexes on
// FerretDB, so RunPurge calls it periodically.
func (s *Service) Purge(ctx context.Context) (int64, error) {
	now := s.Now()
	n, err := s.Tokens.Purge(ctx, now)
	if err != nil {
		return n, fmt.Errorf("purge refresh tokens: %w", err)
	}
	m, err := s.Throttle.Purge(ctx, now.Add(-2*s.cfg.Lockout))
	if err != nil {
		return n, fmt.Errorf("purge login throttle: %w", err)
	}
	return n + m, nil
}

// RunPurge purges once at start and then every interval until ctx is done.
func (s *Service) RunPurge(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := s.Purge(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.Log.ErrorContext(ctx, "purge expired records failed", "error", err.Error())
		case n > 0:
			s.Log.InfoContext(ctx, "purged expired records", "deleted", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
