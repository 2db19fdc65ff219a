package transport

import (
	"context"

	"github.com/copydesk/copydesk/pkg/directory"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// CompanyLookup adapts the users directory to the domain's company check
// (a superadmin naming a company).
func CompanyLookup(d *directory.Client) domain.CompanyLookup {
	return func(ctx context.Context, id string) (bool, error) {
		c, err := d.LookupCompany(ctx, id)
		return c.Active, err
	}
}
