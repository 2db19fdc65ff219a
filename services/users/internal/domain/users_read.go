package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// GetUser reads a user the caller may see: a superadmin anyone, a client
// only itself, everyone else the users of their own company. Anything else
// is 404.
func (s *Service) GetUser(ctx context.Context, p principal.Principal, id string) (User, error) {
	scope, err := userScope(p)
	if err != nil {
		return User{}, err
	}
	if p.Role == principal.RoleClient && id != p.UserID {
		return User{}, errs.ErrNotFound
	}
	return s.users.GetUser(ctx, scope, id)
}

// ListUsers lists the users the caller may see. Only a superadmin may
// narrow by company_id; for everyone else it is forced to their own
// company, and a client's list holds only itself.
func (s *Service) ListUsers(ctx context.Context, p principal.Principal, f UserFilter, pg Page) ([]User, int64, error) {
	scope, err := userScope(p)
	if err != nil {
		return nil, 0, err
	}
	if f.Role != "" {
		var v errs.Validator
		checkRole(&v, "role", f.Role)
		if err := v.Err(); err != nil {
			return nil, 0, err
		}
	}
	f.OnlyID = ""
	if p.IsSuperadmin() && f.CompanyID != "" {
		scope = InCompany(f.CompanyID)
	}
	f.CompanyID = "" // the scope says which companies
	if p.Role == principal.RoleClient {
		f.OnlyID = p.UserID
	}
	return s.users.ListUsers(ctx, scope, f, pg)
}
