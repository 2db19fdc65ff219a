package transport

import (
	"context"

	"google.golang.org/grpc/metadata"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

// clientAddr is the client's address the gateway forwarded ("" without
// one). Only the gateway sets it: it never forwards a client's own
// metadata, and inside the cluster only services reach auth.
func clientAddr(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md.Get(principal.MDClientAddr); len(v) == 1 && len(v[0]) <= 64 {
		return v[0]
	}
	return ""
}

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
			ClientAddr: clientAddr(ctx),
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
