package transport

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/errs"
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
		return nil, fmt.Errorf("users.GetUser: %w", fromUsers(err))
	}
	return &authv1.MeResponse{User: resp.GetUser()}, nil
}

// fromUsers maps the users service's answer to a call made under the
// caller's own identity (so its refusals are the caller's) to a pkg/errs
// kind. The downstream message is dropped (it can name hosts and ports);
// other codes become internal errors, logged with their message and
// answered neutrally. DirectoryService calls, made with auth's own
// credential, are mapped by pkg/directory instead.
func fromUsers(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	switch st.Code() {
	case codes.Unauthenticated:
		return errs.ErrUnauthenticated
	case codes.NotFound:
		return errs.ErrNotFound
	case codes.PermissionDenied:
		return errs.ErrPermissionDenied
	case codes.Unavailable, codes.DeadlineExceeded:
		return errs.New(errs.ErrUnavailable, "Users service unavailable")
	case codes.Canceled:
		return context.Canceled
	default:
		return fmt.Errorf("users service answered %s: %s", st.Code(), st.Message())
	}
}
