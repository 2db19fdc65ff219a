// Package store is the MongoDB side of the users service: the companies and
// users collections, their indexes (numbered migrations) and the queries
// behind the domain's store interfaces. Every user query takes the tenant
// scope and excludes soft-deleted users, so no caller can forget either.
// Only the Mongo subset of shared/MONGO_SUBSET.md is used.
package store

import (
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// Collection names.
const (
	CompaniesColl = "companies"
	UsersColl     = "users"
	CutoffsColl   = "session_cutoffs"
	PwFailColl    = "password_failures"
)

// Store implements domain.CompanyStore and domain.UserStore.
type Store struct {
	companies *mongo.Collection
	users     *mongo.Collection
	cutoffs   *mongo.Collection
	// pwFailures are ChangePassword's wrong current passwords.
	pwFailures *mongo.Collection
}

// New returns a Store on the service's database.
func New(db *mongo.Database) *Store {
	return &Store{companies: db.Collection(CompaniesColl), users: db.Collection(UsersColl), cutoffs: db.Collection(CutoffsColl),
		pwFailures: db.Collection(PwFailColl)}
}
