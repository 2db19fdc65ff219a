package store

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

type ctxT = context.Context

// errNoTenant is a programming error: tenant data without a tenant.
var errNoTenant = errors.New("store: missing company scope")

// scopeFilter is the filter every ticket query starts from: not deleted,
// the company (unless AllCompanies), and for clients created-or-followed.
func scopeFilter(s domain.Scope) (bson.M, error) {
	f := bson.M{"deleted": false}
	if !s.AllCompanies {
		if s.CompanyID == "" {
			return nil, errNoTenant
		}
		f["company_id"] = s.CompanyID
	}
	if s.VisibleTo != "" {
		f["$or"] = bson.A{bson.M{"created_by": s.VisibleTo}, bson.M{"followers": s.VisibleTo}}
	}
	return f, nil
}

// companyFilter is the filter of other tenant collections.
func companyFilter(s domain.Scope) (bson.M, error) {
	if s.AllCompanies {
		return bson.M{}, nil
	}
	if s.CompanyID == "" {
		return nil, errNoTenant
	}
	return bson.M{"company_id": s.CompanyID}, nil
}

func requireCompany(company string) error {
	if company == "" {
		return errNoTenant
	}
	return nil
}
