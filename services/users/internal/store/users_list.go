package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// userSort maps public sort names to document fields (emails sort case
// insensitively).
var userSort = map[string]string{
	"email": "email_lower", "username": "username_lower", "full_name": "full_name", "role": "role",
	"created_at": "created_at", "updated_at": "updated_at",
}

// ListUsers returns one page of live users in scope and the total. The
// scope alone says which companies: uf.CompanyID is not read.
func (s *Store) ListUsers(ctx context.Context, sc domain.Scope, uf domain.UserFilter, pg domain.Page) ([]domain.User, int64, error) {
	f, err := userFilter(sc)
	if err != nil {
		return nil, 0, err
	}
	if uf.OnlyID != "" {
		oid, err := mongox.ParseID(uf.OnlyID)
		if err != nil {
			return nil, 0, err
		}
		f["_id"] = oid
	}
	if uf.Role != "" {
		f["role"] = uf.Role
	}
	if uf.IsActive != nil {
		f["is_active"] = *uf.IsActive
	}
	page := mongox.ByField(pg, userSort, "created_at")
	switch {
	case uf.Q != "" && sc.All: // across companies: key ranges of the lower-cased fields
		re := mongox.PrefixRegex(uf.Q)
		f["$or"] = bson.A{bson.M{"full_name_lower": re}, bson.M{"email_lower": re}, bson.M{"username_lower": re}}
	case uf.Q != "": // one company: a bounded substring scan
		re := mongox.ContainsRegex(uf.Q)
		f["$or"] = bson.A{bson.M{"full_name": re}, bson.M{"email_lower": re}, bson.M{"username_lower": re}}
	}
	if sc.All {
		page.Sort = mongox.CrossTenantSort
	}
	var docs []userDoc
	total, err := mongox.FindPage(ctx, s.users, f, page, &docs)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.User, len(docs))
	for i, d := range docs {
		out[i] = d.domain()
	}
	return out, total, nil
}
