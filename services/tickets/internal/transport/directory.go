package transport

import (
	"context"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/directory"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Directory is domain.Directory over the shared users directory client
// (pkg/directory: the tickets service's own service token, one status
// mapping). A refused service credential is an internal error there, never
// "no such user".
type Directory struct {
	c *directory.Client
}

// NewDirectory wraps a client made with grpcclient.Dial and
// grpcclient.Options{Service: "tickets", Tokens: …}.
func NewDirectory(c usersv1.DirectoryServiceClient) *Directory {
	return &Directory{c: directory.New(c)}
}

var _ domain.Directory = (*Directory)(nil)

// LookupUser reads a user by id.
func (d *Directory) LookupUser(ctx context.Context, id string) (domain.Account, error) {
	u, err := d.c.LookupUser(ctx, id)
	return domain.Account{ID: u.ID, CompanyID: u.CompanyID, Role: u.Role, Active: u.Active, CompanyActive: u.CompanyActive}, err
}

// LookupCompany reads a company by id.
func (d *Directory) LookupCompany(ctx context.Context, id string) (domain.Company, error) {
	c, err := d.c.LookupCompany(ctx, id)
	return domain.Company{ID: c.ID, Active: c.Active}, err
}
