package transport

import (
	"context"
	"fmt"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Me returns the caller's user, read from the users service under the
// caller's own identity (see the package comment). Auth owns no rule here,
// so there is no domain step.
func (s *Server) Me(ctx context.Context, _ *authv1.MeRequest) (*authv1.MeResponse, error) {
	p, ok := principal.From(ctx)
	if !ok {
		return nil, errNoPrincipal
	}
	resp, err := s.users.GetUser(ctx, &usersv1.GetUserRequest{Id: p.UserID})
	if err != nil {
		return nil, fmt.Errorf("users.GetUser: %w", fromStatus(err))
	}
	return &authv1.MeResponse{User: resp.GetUser()}, nil
}
