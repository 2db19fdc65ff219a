package transport

import (
	"context"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
)

// Refresh rotates a refresh token.
func (s *Server) Refresh(ctx context.Context, req *authv1.RefreshRequest) (*authv1.RefreshResponse, error) {
	pair, err := s.auth.Refresh(ctx, req.GetRefreshToken())
	if err != nil {
		return nil, err
	}
	return &authv1.RefreshResponse{
		AccessToken:  pair.AccessToken,
		TokenType:    "bearer",
		ExpiresIn:    expiresIn(pair.ExpiresIn),
		RefreshToken: pair.RefreshToken,
	}, nil
}
