package transport

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

// Directory is domain.Directory over the users service's internal
// DirectoryService. Its calls always carry the auth service's own service
// token (grpcclient.AsService): a login or refresh acts on nobody's behalf.
type Directory struct {
	client usersv1.DirectoryServiceClient
}

// NewDirectory wraps a client made with grpcclient.Dial and
// grpcclient.Options{Service: "auth", Tokens: …}.
func NewDirectory(c usersv1.DirectoryServiceClient) *Directory { return &Directory{client: c} }

var _ domain.Directory = (*Directory)(nil)

// VerifyCredentials checks an email and password.
func (d *Directory) VerifyCredentials(ctx context.Context, email, password, companyID string) (domain.Account, error) {
	resp, err := d.client.VerifyCredentials(grpcclient.AsService(ctx), &usersv1.VerifyCredentialsRequest{
		Email: email, Password: password, CompanyId: companyID,
	})
	if err != nil {
		return domain.Account{}, fmt.Errorf("users.VerifyCredentials: %w", fromStatus(err))
	}
	// The users service answers Unauthenticated for inactive users and
	// companies; the user it returns may act.
	return account(resp.GetUser(), true), nil
}

// LookupUser reads a user by id across companies.
func (d *Directory) LookupUser(ctx context.Context, userID string) (domain.Account, error) {
	resp, err := d.client.LookupUser(grpcclient.AsService(ctx), &usersv1.LookupUserRequest{Id: userID})
	if err != nil {
		return domain.Account{}, fmt.Errorf("users.LookupUser: %w", fromStatus(err))
	}
	acct := account(resp.GetUser(), resp.GetCompanyActive())
	if ts := resp.GetCredentialsChangedAt(); ts != nil {
		acct.CredentialsChangedAt = ts.AsTime()
	}
	return acct, nil
}

func account(u *usersv1.User, companyActive bool) domain.Account {
	return domain.Account{
		ID: u.GetId(), CompanyID: u.GetCompanyId(), Role: u.GetRole(),
		Active: u.GetIsActive(), CompanyActive: companyActive,
	}
}

// fromStatus turns a status from the users service into a pkg/errs kind.
// The downstream message is dropped for the kinds a client may see (it can
// name hosts and ports); other codes become internal errors, logged with
// their message and answered neutrally.
func fromStatus(err error) error {
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
