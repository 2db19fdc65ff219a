package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// CreateUser inserts u and sets its id; a duplicate email or username in
// the company is a conflict.
func (s *Store) CreateUser(ctx context.Context, u *domain.User) error {
	cid, err := companyOID(u.CompanyID)
	if err != nil {
		return err
	}
	d := userDoc{ID: bson.NewObjectID(), CompanyID: cid, Email: u.Email, EmailLower: u.EmailLower,
		Username: u.Username, UsernameLower: u.UsernameLower, FullName: u.FullName, FullNameLower: strings.ToLower(u.FullName),
		Role: u.Role, PasswordHash: u.PasswordHash, IsActive: u.IsActive, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
	if _, err := s.users.InsertOne(ctx, d); err != nil {
		if mongox.IsDuplicateKey(err) {
			return errs.New(errs.ErrConflict, "Email or username already registered")
		}
		return fmt.Errorf("insert user: %w", err)
	}
	u.ID = d.ID.Hex()
	return nil
}

// GetUser reads a live user within the scope.
func (s *Store) GetUser(ctx context.Context, sc domain.Scope, id string) (domain.User, error) {
	f, err := userByID(sc, id)
	if err != nil {
		return domain.User{}, err
	}
	var d userDoc
	if err := s.users.FindOne(ctx, f).Decode(&d); err != nil {
		return domain.User{}, fmt.Errorf("find user: %w", mongox.NotFound(err))
	}
	return d.domain(), nil
}

// UpdateUser sets the fields of p that are set on a live user in scope.
// Email conflicts must have been checked by the caller (FerretDB reports an
// update duplicate as an internal error).
func (s *Store) UpdateUser(ctx context.Context, sc domain.Scope, id string, p domain.UserPatch) (domain.User, error) {
	f, err := userByID(sc, id)
	if err != nil {
		return domain.User{}, err
	}
	set := bson.M{"updated_at": p.UpdatedAt}
	if p.Email != nil {
		set["email"], set["email_lower"] = *p.Email, *p.EmailLower
	}
	if p.Username != nil {
		set["username"], set["username_lower"] = *p.Username, *p.UsernameLower
	}
	if p.FullName != nil {
		set["full_name"], set["full_name_lower"] = *p.FullName, strings.ToLower(*p.FullName)
	}
	if p.Role != nil {
		set["role"] = *p.Role
	}
	if p.IsActive != nil {
		set["is_active"] = *p.IsActive
	}
	if p.PasswordHash != nil {
		set["password_hash"] = *p.PasswordHash
	}
	if p.PasswordChangedAt != nil {
		set["password_changed_at"] = *p.PasswordChangedAt
	}
	return s.updateOne(ctx, f, set)
}

func (s *Store) updateOne(ctx context.Context, f, set bson.M) (domain.User, error) {
	var d userDoc
	err := s.users.FindOneAndUpdate(ctx, f, bson.M{"$set": set},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return domain.User{}, fmt.Errorf("update user: %w", mongox.NotFound(err))
	}
	return d.domain(), nil
}

// SoftDeleteUser marks a user deleted and inactive and rewrites its
// email_lower and username_lower to "deleted:<id>:<value>", which frees
// the email and the username.
func (s *Store) SoftDeleteUser(ctx context.Context, sc domain.Scope, id string, at time.Time) (domain.User, error) {
	cur, err := s.GetUser(ctx, sc, id)
	if err != nil {
		return domain.User{}, err
	}
	f, err := userByID(sc, id)
	if err != nil {
		return domain.User{}, err
	}
	f["email_lower"] = cur.EmailLower // the email we rewrite has not changed meanwhile
	return s.updateOne(ctx, f, bson.M{
		"deleted_at": at, "is_active": false, "updated_at": at,
		"email_lower":    deletedKey(cur.ID, cur.EmailLower),
		"username_lower": deletedKey(cur.ID, cur.UsernameLower),
	})
}

// deletedKey is the unique key a soft-deleted user keeps in place of its
// email_lower or username_lower.
func deletedKey(id, lower string) string { return "deleted:" + id + ":" + lower }

// EmailTaken reports whether a live user of the company (other than
// exceptID) has the email.
func (s *Store) EmailTaken(ctx context.Context, companyID, emailLower, exceptID string) (bool, error) {
	return s.taken(ctx, companyID, "email_lower", emailLower, exceptID)
}

// UsernameTaken reports whether a live user of the company (other than
// exceptID) has the username.
func (s *Store) UsernameTaken(ctx context.Context, companyID, usernameLower, exceptID string) (bool, error) {
	return s.taken(ctx, companyID, "username_lower", usernameLower, exceptID)
}

func (s *Store) taken(ctx context.Context, companyID, field, lower, exceptID string) (bool, error) {
	cid, err := companyOID(companyID)
	if err != nil {
		return false, err
	}
	f := bson.M{"company_id": cid, field: lower}
	if exceptID != "" {
		oid, err := mongox.ParseID(exceptID)
		if err != nil {
			return false, err
		}
		f["_id"] = bson.M{"$ne": oid}
	}
	n, err := s.users.CountDocuments(ctx, f, options.Count().SetLimit(1))
	if err != nil {
		return false, fmt.Errorf("count users: %w", err)
	}
	return n > 0, nil
}

// UsersByEmail returns the live users with the email in scope: one company,
// or every company (domain.AllCompanies, for a login without company_id).
// The zero Scope is refused.
func (s *Store) UsersByEmail(ctx context.Context, sc domain.Scope, emailLower string) ([]domain.User, error) {
	return s.usersBy(ctx, sc, "email_lower", emailLower)
}

// UsersByUsername is UsersByEmail for a username.
func (s *Store) UsersByUsername(ctx context.Context, sc domain.Scope, usernameLower string) ([]domain.User, error) {
	return s.usersBy(ctx, sc, "username_lower", usernameLower)
}

func (s *Store) usersBy(ctx context.Context, sc domain.Scope, field, lower string) ([]domain.User, error) {
	f, err := userFilter(sc)
	if err != nil {
		return nil, err
	}
	f[field] = lower
	cur, err := s.users.Find(ctx, f, options.Find().SetLimit(50).SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("find users by %s: %w", field, err)
	}
	var docs []userDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("decode users: %w", err)
	}
	out := make([]domain.User, len(docs))
	for i, d := range docs {
		out[i] = d.domain()
	}
	return out, nil
}

// CountUsers counts the live users of a company.
func (s *Store) CountUsers(ctx context.Context, companyID string) (int64, error) {
	f, err := userFilter(domain.InCompany(companyID))
	if err != nil {
		return 0, err
	}
	return s.users.CountDocuments(ctx, f)
}

// SetLastLogin records a successful login.
func (s *Store) SetLastLogin(ctx context.Context, sc domain.Scope, id string, at time.Time) error {
	f, err := userByID(sc, id)
	if err != nil {
		return err
	}
	if _, err := s.users.UpdateOne(ctx, f, bson.M{"$set": bson.M{"last_login_at": at}}); err != nil {
		return fmt.Errorf("set last login: %w", err)
	}
	return nil
}

// HasSuperadmin reports whether a live superadmin exists.
func (s *Store) HasSuperadmin(ctx context.Context) (bool, error) {
	n, err := s.users.CountDocuments(ctx, bson.M{"role": principal.RoleSuperadmin, "deleted_at": nil}, options.Count().SetLimit(1))
	if err != nil {
		return false, fmt.Errorf("count superadmins: %w", err)
	}
	return n > 0, nil
}
