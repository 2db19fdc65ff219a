// Package domain holds the rules of the users service: companies (tenants)
// and their users, who may do what (ARCHITECTURE §3), password checks for
// login, and the first-start bootstrap. It imports neither gRPC nor Mongo;
// it declares the small store interfaces it needs (ports.go) and returns
// the error kinds of pkg/errs.
//
// Decisions where the contract is silent:
//   - Deleting or deactivating yourself, or changing your own role, is a
//     409 Conflict ("You cannot … yourself"): the request is well-formed,
//     it clashes with the state (you would lock yourself out).
//   - A company_admin naming another company_id on create gets 403; a
//     company_id that names no company is a 422 on field company_id.
//   - Non-superadmins' company_id list filter is ignored: they always see
//     their own company only (a client sees only itself).
//   - Touching a user you cannot see is 404; touching a user you can see
//     but may not change is 403.
package domain
