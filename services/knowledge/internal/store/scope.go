package store

import (
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// errNoTenant is a programming error: tenant data without a tenant.
var errNoTenant = errors.New("store: missing company scope")

// companyFilter is the filter every tenant query starts from. An empty
// company is refused; reading across companies needs AllCompanies.
func companyFilter(sc domain.Scope) (bson.M, error) {
	if sc.AllCompanies {
		return bson.M{}, nil
	}
	if sc.CompanyID == "" {
		return nil, errNoTenant
	}
	return bson.M{"company_id": sc.CompanyID}, nil
}

func requireCompany(company string) error {
	if company == "" {
		return errNoTenant
	}
	return nil
}
