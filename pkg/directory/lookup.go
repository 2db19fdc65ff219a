package directory

import (
	"context"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Lookup is tenancy.Directory — the port of the domains that check users
// and companies (tickets, campaigns) — over the Client: the calling
// service's own token, the one status mapping.
type Lookup struct {
	c *Client
}

var _ tenancy.Directory = (*Lookup)(nil)

// NewLookup wraps a client made with grpcclient.Dial and
// the calling service's TLS (service.Env.Dial): its certificate names it.
func NewLookup(c usersv1.DirectoryServiceClient) *Lookup { return &Lookup{c: New(c)} }

// LookupUser reads a user by id; an unknown one is errs.ErrNotFound.
func (l *Lookup) LookupUser(ctx context.Context, id string) (tenancy.Account, error) {
	u, err := l.c.LookupUser(ctx, id)
	return tenancy.Account{ID: u.ID, CompanyID: u.CompanyID, Role: u.Role, Active: u.Active, CompanyActive: u.CompanyActive}, err
}

// LookupCompany reads a company by id; an unknown one is errs.ErrNotFound.
func (l *Lookup) LookupCompany(ctx context.Context, id string) (tenancy.Company, error) {
	c, err := l.c.LookupCompany(ctx, id)
	return tenancy.Company{ID: c.ID, Active: c.Active}, err
}
