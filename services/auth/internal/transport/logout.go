package transport

import (
	"context"
	"errors"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	"github.com/copydesk/copydesk/pkg/principal"
)

// errNoPrincipal means an authenticated method ran without a principal: the
// server was wired without its Policy. It is an internal error.
var errNoPrincipal = errors.New("no principal in the context of an authenticated method")

// Logout revokes the caller's refresh tokens (see domain.Service.Logout).
func (s *Server) Logout(ctx context.Context, req *authv1.LogoutRequest) (*authv1.LogoutResponse, error) {
	p, ok := principal.From(ctx)
	if !ok {
		return nil, errNoPrincipal
	}
	if err := s.auth.Logout(ctx, p, req.GetRefreshToken()); err != nil {
		return nil, err
	}
	return &authv1.LogoutResponse{}, nil
}
