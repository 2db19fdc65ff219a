// Package directory is the one client of the users service's internal
// DirectoryService, used by auth, tickets and campaigns. Every call carries
// the calling service's own service identity (grpcclient.AsService): the check
// is the service's, not the user's. Every answer goes through one status
// mapping (FromStatus), so the services agree on what the users service
// said — above all, a refused service credential is an internal error,
// never "user not found" or "wrong password".
//
// Lookup adapts the client to tenancy.Directory, the one port of the
// domains that check users and companies (tickets, campaigns); auth keeps
// its own port (internal/transport/directory.go), which also verifies
// passwords.
package directory

import (
	"context"
	"fmt"
	"time"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/grpcclient"
)

// User is a user as the directory describes it.
type User struct {
	ID        string
	CompanyID string
	Role      string
	Active    bool
	// CompanyActive is whether the user's company is active.
	CompanyActive bool
	// CredentialsChangedAt is when the password last changed (zero:
	// never; LookupUser only).
	CredentialsChangedAt time.Time
	// LoginShared: accounts of other companies use the same login
	// (VerifyCredentials only).
	LoginShared bool
}

// Company is a company as the directory describes it.
type Company struct {
	ID     string
	Active bool
}

// Client calls the DirectoryService.
type Client struct {
	c usersv1.DirectoryServiceClient
}

// New wraps a client made with grpcclient.Dial and
// the calling service's TLS (service.Env.Dial): its certificate names it.
func New(c usersv1.DirectoryServiceClient) *Client { return &Client{c: c} }

// VerifyCredentials checks a login — an email, or a username when it has
// no "@" — and password (companyID "" when the user did not name one). No
// active account matching them is errs.ErrNotFound; a login of several
// companies without companyID is errs.ErrBadRequest.
func (c *Client) VerifyCredentials(ctx context.Context, login, password, companyID string) (User, error) {
	resp, err := c.c.VerifyCredentials(grpcclient.AsService(ctx), &usersv1.VerifyCredentialsRequest{
		Email: login, Password: password, CompanyId: companyID,
	})
	if err != nil {
		return User{}, fmt.Errorf("users.VerifyCredentials: %w", FromStatus(err))
	}
	// The users service answers only for an active user of an active
	// company.
	u := user(resp.GetUser(), true)
	u.LoginShared = resp.GetLoginShared()
	return u, nil
}

// EndSessions ends the user's access tokens issued before now (the
// gateway refuses them within seconds).
func (c *Client) EndSessions(ctx context.Context, userID string) error {
	if _, err := c.c.EndSessions(grpcclient.AsService(ctx), &usersv1.EndSessionsRequest{UserId: userID}); err != nil {
		return fmt.Errorf("users.EndSessions: %w", FromStatus(err))
	}
	return nil
}

// LookupUser reads a user by id across companies; an unknown (or
// malformed) id is errs.ErrNotFound.
func (c *Client) LookupUser(ctx context.Context, id string) (User, error) {
	resp, err := c.c.LookupUser(grpcclient.AsService(ctx), &usersv1.LookupUserRequest{Id: id})
	if err != nil {
		return User{}, fmt.Errorf("users.LookupUser: %w", FromStatus(err))
	}
	u := user(resp.GetUser(), resp.GetCompanyActive())
	if ts := resp.GetCredentialsChangedAt(); ts != nil {
		u.CredentialsChangedAt = ts.AsTime()
	}
	return u, nil
}

// LookupCompany reads a company by id; an unknown (or malformed) id is
// errs.ErrNotFound.
func (c *Client) LookupCompany(ctx context.Context, id string) (Company, error) {
	resp, err := c.c.LookupCompany(grpcclient.AsService(ctx), &usersv1.LookupCompanyRequest{Id: id})
	if err != nil {
		return Company{}, fmt.Errorf("users.LookupCompany: %w", FromStatus(err))
	}
	co := resp.GetCompany()
	return Company{ID: co.GetId(), Active: co.GetIsActive()}, nil
}

func user(u *usersv1.User, companyActive bool) User {
	return User{ID: u.GetId(), CompanyID: u.GetCompanyId(), Role: u.GetRole(),
		Active: u.GetIsActive(), CompanyActive: companyActive}
}
