package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// companySort maps public sort names to document fields (names sort case
// insensitively).
var companySort = map[string]string{"name": "name_lower", "created_at": "created_at", "updated_at": "updated_at"}

// CreateCompany inserts c and sets its id; a duplicate name is a conflict.
func (s *Store) CreateCompany(ctx context.Context, c *domain.Company) error {
	d := companyDoc{ID: bson.NewObjectID(), Name: c.Name, NameLower: c.NameLower, Description: c.Description,
		IsActive: c.IsActive, IsSystem: c.IsSystem, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if _, err := s.companies.InsertOne(ctx, d); err != nil {
		if mongox.IsDuplicateKey(err) {
			return errs.New(errs.ErrConflict, "Company name already exists")
		}
		return fmt.Errorf("insert company: %w", err)
	}
	c.ID = d.ID.Hex()
	return nil
}

// GetCompany reads a company by id.
func (s *Store) GetCompany(ctx context.Context, id string) (domain.Company, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Company{}, err
	}
	return s.findCompany(ctx, bson.M{"_id": oid})
}

// SystemCompany reads the company of the superadmins.
func (s *Store) SystemCompany(ctx context.Context) (domain.Company, error) {
	return s.findCompany(ctx, bson.M{"is_system": true})
}

func (s *Store) findCompany(ctx context.Context, f bson.M) (domain.Company, error) {
	var d companyDoc
	if err := s.companies.FindOne(ctx, f).Decode(&d); err != nil {
		return domain.Company{}, fmt.Errorf("find company: %w", mongox.NotFound(err))
	}
	return d.domain(), nil
}

// CompanyNameTaken reports whether another company uses the name.
func (s *Store) CompanyNameTaken(ctx context.Context, nameLower, exceptID string) (bool, error) {
	f := bson.M{"name_lower": nameLower}
	if exceptID != "" {
		oid, err := mongox.ParseID(exceptID)
		if err != nil {
			return false, err
		}
		f["_id"] = bson.M{"$ne": oid}
	}
	n, err := s.companies.CountDocuments(ctx, f, options.Count().SetLimit(1))
	if err != nil {
		return false, fmt.Errorf("count companies: %w", err)
	}
	return n > 0, nil
}

// ListCompanies returns one page of companies and the total.
func (s *Store) ListCompanies(ctx context.Context, cf domain.CompanyFilter, pg domain.Page) ([]domain.Company, int64, error) {
	f := bson.M{}
	if cf.OnlyID != "" {
		oid, err := mongox.ParseID(cf.OnlyID)
		if err != nil {
			return nil, 0, err
		}
		f["_id"] = oid
	}
	if cf.IsActive != nil {
		f["is_active"] = *cf.IsActive
	}
	if cf.Q != "" {
		f["name_lower"] = mongox.PrefixRegex(cf.Q) // the list spans every company: a key range
	}
	var docs []companyDoc
	total, err := mongox.FindPage(ctx, s.companies, f, mongox.ByField(pg, companySort, "created_at"), &docs)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.Company, len(docs))
	for i, d := range docs {
		out[i] = d.domain()
	}
	return out, total, nil
}

// UpdateCompany sets the fields of p that are set and returns the result.
func (s *Store) UpdateCompany(ctx context.Context, id string, p domain.CompanyPatch) (domain.Company, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Company{}, err
	}
	set := bson.M{"updated_at": p.UpdatedAt}
	if p.Name != nil {
		set["name"], set["name_lower"] = *p.Name, *p.NameLower
	}
	if p.Description != nil {
		set["description"] = *p.Description
	}
	if p.IsActive != nil {
		set["is_active"] = *p.IsActive
	}
	var d companyDoc
	err = s.companies.FindOneAndUpdate(ctx, bson.M{"_id": oid}, bson.M{"$set": set},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return domain.Company{}, fmt.Errorf("update company: %w", mongox.NotFound(err))
	}
	return d.domain(), nil
}

// DeleteCompany removes a company for good.
func (s *Store) DeleteCompany(ctx context.Context, id string) error {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return err
	}
	res, err := s.companies.DeleteOne(ctx, bson.M{"_id": oid, "is_system": bson.M{"$ne": true}})
	if err != nil {
		return fmt.Errorf("delete company: %w", err)
	}
	if res.DeletedCount == 0 {
		return errs.ErrNotFound
	}
	return nil
}
