package domain

import (
	"time"

	"github.com/copydesk/copydesk/pkg/listing"
)

// Company is a tenant. IDs are canonical lowercase hex strings.
type Company struct {
	ID          string
	Name        string
	NameLower   string
	Description string
	IsActive    bool
	IsSystem    bool // the "Copydesk" company of the superadmins
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// User is a person who logs in. PasswordHash never leaves the service.
type User struct {
	ID         string
	CompanyID  string
	Email      string
	EmailLower string
	// Username is unique per company through UsernameLower (soft delete
	// rewrites UsernameLower like EmailLower, which frees the name).
	Username      string
	UsernameLower string
	FullName      string
	Role          string
	PasswordHash  string
	IsActive      bool
	DeletedAt     *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	LastLoginAt   *time.Time
	// PasswordChangedAt is when the password was last changed by the user
	// or reset by an administrator (nil: never since creation). Auth ends
	// the sessions created before it; it is never on the public API.
	PasswordChangedAt *time.Time
}

// Scope is the tenant of a store call: one company, or every company
// (superadmin, login). The zero Scope is invalid: stores refuse it, so a
// missing tenant is never silently "all".
type Scope struct {
	CompanyID string
	All       bool
}

// InCompany scopes a call to one company.
func InCompany(id string) Scope { return Scope{CompanyID: id} }

// AllCompanies scopes a call to every company.
func AllCompanies() Scope { return Scope{All: true} }

// Valid reports whether the scope names a tenant.
func (s Scope) Valid() bool { return s.All != (s.CompanyID != "") }

// Page is a valid page of a list (listing.NewPage, in the transport,
// against UserSorts or CompanySorts); Sort is a public name.
type Page = listing.Page

// UserSorts and CompanySorts are the public sort names of the user and
// company lists.
var (
	UserSorts    = []string{"email", "username", "full_name", "role", "created_at", "updated_at"}
	CompanySorts = []string{"name", "created_at", "updated_at"}
)

// UserFilter narrows a user list.
type UserFilter struct {
	Role      string
	IsActive  *bool
	Q         string
	CompanyID string // superadmin only: narrow to one company (the domain makes it the Scope)
	OnlyID    string // a client sees only itself
}

// CompanyFilter narrows a company list.
type CompanyFilter struct {
	Q        string
	IsActive *bool
	OnlyID   string // a company_admin sees only its own
}

// NewCompany is the input of CreateCompany.
type NewCompany struct {
	Name        string
	Description string
	IsActive    *bool
}

// CompanyPatch changes the fields that are set.
type CompanyPatch struct {
	Name        *string
	NameLower   *string
	Description *string
	IsActive    *bool
	UpdatedAt   time.Time
}

// NewUser is the input of CreateUser.
type NewUser struct {
	Email     string
	FullName  string
	Role      string
	Password  string
	CompanyID string
	IsActive  *bool
	Username  string // "" for the default (the email's local part)
}

// UserPatch changes the fields that are set. For the store, Email and
// EmailLower go together; PasswordHash replaces the hash and goes with
// PasswordChangedAt.
type UserPatch struct {
	Email         *string
	EmailLower    *string
	Username      *string // with UsernameLower, for the store
	UsernameLower *string
	FullName      *string
	Role          *string
	IsActive      *bool
	Password      *string // plain text from the request; never stored
	PasswordHash  *string
	// PasswordChangedAt is set with PasswordHash (never alone).
	PasswordChangedAt *time.Time
	UpdatedAt         time.Time
}
