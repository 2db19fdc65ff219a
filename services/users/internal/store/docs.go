package store

import (
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

type companyDoc struct {
	ID          bson.ObjectID `bson:"_id"`
	Name        string        `bson:"name"`
	NameLower   string        `bson:"name_lower"`
	Description string        `bson:"description"`
	IsActive    bool          `bson:"is_active"`
	IsSystem    bool          `bson:"is_system"`
	CreatedAt   time.Time     `bson:"created_at"`
	UpdatedAt   time.Time     `bson:"updated_at"`
}

func (d companyDoc) domain() domain.Company {
	return domain.Company{ID: d.ID.Hex(), Name: d.Name, NameLower: d.NameLower, Description: d.Description,
		IsActive: d.IsActive, IsSystem: d.IsSystem, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

type userDoc struct {
	ID            bson.ObjectID `bson:"_id"`
	CompanyID     bson.ObjectID `bson:"company_id"`
	Email         string        `bson:"email"`
	EmailLower    string        `bson:"email_lower"`
	Username      string        `bson:"username"`
	UsernameLower string        `bson:"username_lower"`
	FullName      string        `bson:"full_name"`
	FullNameLower string        `bson:"full_name_lower"` // the prefix search across companies
	Role          string        `bson:"role"`
	PasswordHash  string        `bson:"password_hash"`
	IsActive      bool          `bson:"is_active"`
	DeletedAt     *time.Time    `bson:"deleted_at"`
	CreatedAt     time.Time     `bson:"created_at"`
	UpdatedAt     time.Time     `bson:"updated_at"`
	LastLoginAt   *time.Time    `bson:"last_login_at"`
	// PasswordChangedAt is absent on users whose password never changed.
	PasswordChangedAt *time.Time `bson:"password_changed_at,omitempty"`
}

func (d userDoc) domain() domain.User {
	return domain.User{ID: d.ID.Hex(), CompanyID: d.CompanyID.Hex(), Email: d.Email, EmailLower: d.EmailLower,
		Username: d.Username, UsernameLower: d.UsernameLower, FullName: d.FullName, Role: d.Role, PasswordHash: d.PasswordHash, IsActive: d.IsActive,
		DeletedAt: utcPtr(d.DeletedAt), CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(), LastLoginAt: utcPtr(d.LastLoginAt),
		PasswordChangedAt: utcPtr(d.PasswordChangedAt)}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

var errNoTenant = errors.New("store: missing tenant scope")

// companyOID is the ObjectID of a required company id: "" is a missing
// tenant (a programming error), never "every company".
func companyOID(id string) (bson.ObjectID, error) {
	if id == "" {
		return bson.ObjectID{}, errNoTenant
	}
	return mongox.ParseID(id)
}

// userFilter is the base filter of every user query: the tenant scope and
// "not deleted".
func userFilter(s domain.Scope) (bson.M, error) {
	if !s.Valid() {
		return nil, errNoTenant
	}
	f := bson.M{"deleted_at": nil}
	if !s.All {
		cid, err := companyOID(s.CompanyID)
		if err != nil {
			return nil, err
		}
		f["company_id"] = cid
	}
	return f, nil
}

// userByID is userFilter for one user.
func userByID(s domain.Scope, id string) (bson.M, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return nil, err
	}
	f, err := userFilter(s)
	if err != nil {
		return nil, err
	}
	f["_id"] = oid
	return f, nil
}
