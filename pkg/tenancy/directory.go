package tenancy

import "context"

// Account is a user as the users service describes it.
type Account struct {
	ID        string
	CompanyID string
	Role      string
	Active    bool
	// CompanyActive is whether the user's company is active.
	CompanyActive bool
}

// Company is a company as the users service describes it.
type Company struct {
	ID     string
	Active bool
}

// Directory reads users and companies from the users service: the port of
// every domain that checks an assignee, an owner or a named company
// (pkg/directory.Lookup implements it over gRPC with the service's own
// token).
type Directory interface {
	// LookupUser returns errs.ErrNotFound for an unknown user.
	LookupUser(ctx context.Context, id string) (Account, error)
	// LookupCompany returns errs.ErrNotFound for an unknown company.
	LookupCompany(ctx context.Context, id string) (Company, error)
}

// ActiveCompany is the CompanyLookup of TargetCompany over d.
func ActiveCompany(d Directory) CompanyLookup {
	return func(ctx context.Context, id string) (bool, error) {
		c, err := d.LookupCompany(ctx, id)
		return c.Active, err
	}
}
