package transport

import (
	"context"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

// grantRefresh is RFC 6749 §6's grant type.
const grantRefresh = "refresh_token"

// Token is the OAuth2 token endpoint: the password grant, or the refresh
// grant with the same rotation and reuse rules as Refresh. The gateway
// makes sure the request came form-encoded; scope, client_id and
// client_secret are ignored.
func (s *Server) Token(ctx context.Context, req *authv1.TokenRequest) (*authv1.TokenResponse, error) {
	var (
		pair domain.TokenPair
		err  error
	)
	if req.GetGrantType() == grantRefresh {
		pair, err = s.auth.Refresh(ctx, req.GetRefreshToken())
	} else {
		pair, err = s.auth.Login(ctx, domain.LoginRequest{
			GrantType:  req.GetGrantType(),
			Username:   req.GetUsername(),
			Password:   req.GetPassword(),
			CompanyID:  req.GetCompanyId(),
			ClientAddr: grpcserver.ClientAddr(ctx),
		})
	}
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
