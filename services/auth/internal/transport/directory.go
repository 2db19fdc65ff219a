package transport

import (
	"context"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/directory"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

// Directory is domain.Directory over the shared users directory client
// (pkg/directory: the auth service's own service identity, one status
// mapping). A login or refresh acts on nobody's behalf.
type Directory struct {
	c *directory.Client
}

// NewDirectory wraps a client made with grpcclient.Dial and
// the TLS of the service (service.Env.Dial): the certificate names auth.
func NewDirectory(c usersv1.DirectoryServiceClient) *Directory {
	return &Directory{c: directory.New(c)}
}

var _ domain.Directory = (*Directory)(nil)

// VerifyCredentials checks an email and password; no matching active
// account is errs.ErrNotFound.
func (d *Directory) VerifyCredentials(ctx context.Context, email, password, companyID string) (domain.Account, error) {
	u, err := d.c.VerifyCredentials(ctx, email, password, companyID)
	return account(u), err
}

// LookupUser reads a user by id across companies.
func (d *Directory) LookupUser(ctx context.Context, userID string) (domain.Account, error) {
	u, err := d.c.LookupUser(ctx, userID)
	return account(u), err
}

// EndSessions ends the user's access tokens issued before now.
func (d *Directory) EndSessions(ctx context.Context, userID string) error {
	return d.c.EndSessions(ctx, userID)
}

func account(u directory.User) domain.Account {
	return domain.Account{ID: u.ID, CompanyID: u.CompanyID, Role: u.Role, Active: u.Active,
		CompanyActive: u.CompanyActive, CredentialsChangedAt: u.CredentialsChangedAt, LoginShared: u.LoginShared}
}
