package store

import "github.com/copydesk/copydesk/pkg/mongox"

// companyFilter and requireCompany are the tenant rule of every query
// (pkg/mongox): an empty company is refused, never read as "all".
var (
	companyFilter  = mongox.TenantFilter
	requireCompany = mongox.RequireTenant
	errNoTenant    = mongox.ErrNoTenant
)
