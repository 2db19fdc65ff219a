package store

import (
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// userSorts are the document fields the user list sorts by (userSort's
// values); companySorts companySort's.
var (
	userSorts    = []string{"email_lower", "username_lower", "full_name", "role", "created_at", "updated_at"}
	companySorts = []string{"name_lower", "created_at", "updated_at"}
)

// servedQueries (migration 6): every list index ends with its sort and
// _id and holds the list's filters after it (equality–sort–range); a
// superadmin's user list across companies is ordered by created_at and
// searched by prefix on the lower-cased fields; login lookups by email or
// username across companies and the superadmin check have their own
// index (docs/indexes.md).
var servedQueries = mongox.Steps(
	mongox.BackfillLower(UsersColl, "full_name", "full_name_lower"),
	mongox.Indexes(UsersColl, userIndexes()...),
	mongox.DropIndexes(UsersColl, "email_lower", "role"),
	mongox.Indexes(CompaniesColl, companyIndexes()...),
)

func userIndexes() []mongo.IndexModel {
	var ms []mongo.IndexModel
	for _, s := range userSorts {
		keys := []string{"company_id", "deleted_at", s, "_id", "is_active"}
		if s != "role" {
			keys = append(keys, "role")
		}
		ms = append(ms, mongox.NamedIndex("list_"+s, keys...))
	}
	return append(ms,
		mongox.NamedIndex("all_created_at", "deleted_at", mongox.CrossTenantSort, "_id", "role", "is_active",
			"full_name_lower", "email_lower", "username_lower"),
		mongox.NamedIndex("login_email", "email_lower", "deleted_at", "_id"),
		mongox.NamedIndex("login_username", "username_lower", "deleted_at", "_id"),
		mongox.NamedIndex("role_live", "role", "deleted_at"))
}

// companyIndexes: the company list (always across companies) by each sort
// with its filters, and the count of active or inactive companies.
func companyIndexes() []mongo.IndexModel {
	var ms []mongo.IndexModel
	for _, s := range companySorts {
		keys := []string{s, "_id", "is_active"}
		if s != "name_lower" {
			keys = append(keys, "name_lower")
		}
		ms = append(ms, mongox.NamedIndex("list_"+s, keys...))
	}
	return append(ms, mongox.NamedIndex("active_name", "is_active", "name_lower"))
}
