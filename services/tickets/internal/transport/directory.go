package transport

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Directory is domain.Directory over the users service's internal
// DirectoryService, called with the tickets service's own service token
// (grpcclient.AsService): the check is the service's, not the caller's.
type Directory struct {
	client usersv1.DirectoryServiceClient
}

// NewDirectory wraps a client made with grpcclient.Dial and
// grpcclient.Options{Service: "tickets", Tokens: …}.
func NewDirectory(c usersv1.DirectoryServiceClient) *Directory { return &Directory{client: c} }

var _ domain.Directory = (*Directory)(nil)

// LookupUser reads a user by id.
func (d *Directory) LookupUser(ctx context.Context, id string) (domain.Account, error) {
	resp, err := d.client.LookupUser(grpcclient.AsService(ctx), &usersv1.LookupUserRequest{Id: id})
	if err != nil {
		return domain.Account{}, fmt.Errorf("users.LookupUser: %w", fromStatus(err))
	}
	u := resp.GetUser()
	return domain.Account{ID: u.GetId(), CompanyID: u.GetCompanyId(), Role: u.GetRole(),
		Active: u.GetIsActive(), CompanyActive: resp.GetCompanyActive()}, nil
}

// LookupCompany reads a company by id.
func (d *Directory) LookupCompany(ctx context.Context, id string) (domain.Company, error) {
	resp, err := d.client.LookupCompany(grpcclient.AsService(ctx), &usersv1.LookupCompanyRequest{Id: id})
	if err != nil {
		return domain.Company{}, fmt.Errorf("users.LookupCompany: %w", fromStatus(err))
	}
	c := resp.GetCompany()
	return domain.Company{ID: c.GetId(), Active: c.GetIsActive()}, nil
}

// fromStatus maps the users service's answer to a pkg/errs kind; its
// message is not passed on (it may name hosts).
func fromStatus(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	switch st.Code() {
	case codes.NotFound, codes.InvalidArgument, codes.Unauthenticated:
		// Unknown, malformed or inactive users (companies) all read as
		// "no such user (company)".
		return errs.ErrNotFound
	case codes.Unavailable, codes.DeadlineExceeded:
		return errs.New(errs.ErrUnavailable, "Users service unavailable")
	case codes.Canceled:
		return context.Canceled
	default:
		return fmt.Errorf("users service answered %s: %s", st.Code(), st.Message())
	}
}
