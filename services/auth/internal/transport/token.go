package transport

import (
	"context"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

// Token is the OAuth2 password grant. The gateway makes sure the request
// came form-encoded; scope, client_id and client_secret are ignored.
func (s *Server) Token(ctx context.Context, req *authv1.TokenRequest) (*authv1.TokenResponse, error) {
	pair, err := s.auth.Login(ctx, domain.LoginRequest{
		GrantType: req.GetGrantType(),
		Username:  req.GetUsername(),
		Password:  req.GetPassword(),
		CompanyID: req.GetCompanyId(),
	})
	if err != nil {
		return nil, err
	}
	return &authv1.TokenResponse{
		AccessToken:  pair.AccessToken,
		TokenType:    "bearer",
		ExpiresIn:    expiresIn(pair.ExpiresIn),
		RefreshToken: pair.RefreshToken,
	}, nil
}
