package domain

import (
	"context"
	"time"
)

// CompanyStore persists companies. Errors: errs.ErrNotFound, and
// errs.ErrConflict for a duplicate name on insert.
type CompanyStore interface {
	CreateCompany(ctx context.Context, c *Company) error // sets c.ID
	GetCompany(ctx context.Context, id string) (Company, error)
	SystemCompany(ctx context.Context) (Company, error)
	CompanyNameTaken(ctx context.Context, nameLower, exceptID string) (bool, error)
	ListCompanies(ctx context.Context, f CompanyFilter, pg Page) ([]Company, int64, error)
	UpdateCompany(ctx context.Context, id string, p CompanyPatch) (Company, error)
	DeleteCompany(ctx context.Context, id string) error
}

// UserStore persists users. Every method on users takes the tenant scope;
// soft-deleted users are invisible to every method.
type UserStore interface {
	CreateUser(ctx context.Context, u *User) error // sets u.ID; ErrConflict on duplicate email or username
	GetUser(ctx context.Context, s Scope, id string) (User, error)
	ListUsers(ctx context.Context, s Scope, f UserFilter, pg Page) ([]User, int64, error)
	UpdateUser(ctx context.Context, s Scope, id string, p UserPatch) (User, error)
	SoftDeleteUser(ctx context.Context, s Scope, id string, at time.Time) (User, error)
	EmailTaken(ctx context.Context, companyID, emailLower, exceptID string) (bool, error)
	UsersByEmail(ctx context.Context, s Scope, emailLower string) ([]User, error) // AllCompanies() for a login without company_id
	UsernameTaken(ctx context.Context, companyID, usernameLower, exceptID string) (bool, error)
	UsersByUsername(ctx context.Context, s Scope, usernameLower string) ([]User, error) // like UsersByEmail
	CountUsers(ctx context.Context, companyID string) (int64, error)
	SetLastLogin(ctx context.Context, s Scope, id string, at time.Time) error
	HasSuperadmin(ctx context.Context) (bool, error)
	// AddCutoff records that userID's access tokens issued before
	// validAfter end (sessions.go); CutoffsSince lists the cut-offs
	// recorded at or after since, oldest first, at most limit;
	// PurgeCutoffs deletes those recorded before a time.
	AddCutoff(ctx context.Context, userID string, validAfter time.Time) error
	CutoffsSince(ctx context.Context, since time.Time, limit int) ([]Cutoff, error)
	PurgeCutoffs(ctx context.Context, before time.Time) (int64, error)
	// AddPasswordFailure records a wrong current password under key;
	// PasswordFailures counts key's failures after since (inserts, so
	// concurrent failures all count on FerretDB too); ClearPasswordFailures
	// forgets them; PurgePasswordFailures deletes those before a time.
	AddPasswordFailure(ctx context.Context, key string, at time.Time) error
	PasswordFailures(ctx context.Context, key string, since time.Time) (int, error)
	ClearPasswordFailures(ctx context.Context, key string) error
	PurgePasswordFailures(ctx context.Context, before time.Time) (int64, error)
}

// Hasher hashes and checks passwords (internal/password).
type Hasher interface {
	Hash(pw string) (string, error)
	Verify(pw, encoded string) bool
	Dummy(pw string)
}
