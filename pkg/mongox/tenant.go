package mongox

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/tenancy"
)

// ErrNoTenant is a programming error: tenant data without a tenant. A store
// returns it rather than run a query that a missing company would widen to
// every company.
var ErrNoTenant = errors.New("store: missing company scope")

// RequireTenant is ErrNoTenant for an empty company id: the check of a
// store method that takes the company alone (inserts, per-company counts).
func RequireTenant(companyID string) error {
	if companyID == "" {
		return ErrNoTenant
	}
	return nil
}

// TenantFilter is the filter of a tenant collection in scope s:
// {company_id: s.CompanyID}, or {} for every company. A scope with
// neither is ErrNoTenant.
func TenantFilter(s tenancy.Scope) (bson.M, error) {
	if s.AllCompanies {
		return bson.M{}, nil
	}
	if err := RequireTenant(s.CompanyID); err != nil {
		return nil, err
	}
	return bson.M{"company_id": s.CompanyID}, nil
}

// LiveFilter is TenantFilter of the documents that are not soft-deleted
// ({deleted: false}; a soft delete sets deleted and deleted_at).
func LiveFilter(s tenancy.Scope) (bson.M, error) {
	f, err := TenantFilter(s)
	if err != nil {
		return nil, err
	}
	f["deleted"] = false
	return f, nil
}

// LiveIDs returns which of ids (canonical hex) are live (not deleted)
// documents of company in coll: the query behind the reference checks
// (tenancy.MissingRefs). A malformed id is errs.ErrMalformedID.
func LiveIDs(ctx context.Context, coll *mongo.Collection, company string, ids []string) ([]string, error) {
	if err := RequireTenant(company); err != nil {
		return nil, err
	}
	oids := make([]bson.ObjectID, 0, len(ids))
	for _, id := range ids {
		oid, err := ParseID(id)
		if err != nil {
			return nil, err
		}
		oids = append(oids, oid)
	}
	type idDoc struct {
		ID bson.ObjectID `bson:"_id"`
	}
	return FindAll(ctx, coll, bson.M{"company_id": company, "deleted": false, "_id": bson.M{"$in": oids}},
		options.Find().SetProjection(bson.M{"_id": 1}), func(d idDoc) string { return d.ID.Hex() })
}
