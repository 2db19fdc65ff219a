package domain

import (
	"context"
	"errors"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

const msgEmailTaken = "Email already registered"

// CreateUser creates a user (superadmin anywhere; company_admin in its own
// company and never a superadmin).
func (s *Service) CreateUser(ctx context.Context, p principal.Principal, in NewUser) (User, error) {
	if !isAdmin(p) {
		return User{}, forbidden()
	}
	companyID := in.CompanyID
	if companyID == "" {
		companyID = p.CompanyID
	}
	if !p.IsSuperadmin() && (companyID != p.CompanyID || in.Role == principal.RoleSuperadmin) {
		return User{}, forbidden()
	}
	email, lower := NormalizeEmail(in.Email)
	name := strings.TrimSpace(in.FullName)
	var v errs.Validator
	checkEmail(&v, "email", email)
	checkName(&v, "full_name", name)
	checkRole(&v, "role", in.Role)
	checkPassword(&v, "password", in.Password)
	in.Username, _ = NormalizeUsername(in.Username)
	if in.Username != "" {
		checkUsername(&v, "username", strings.ToLower(in.Username))
	}
	if _, err := s.companies.GetCompany(ctx, companyID); errors.Is(err, errs.ErrNotFound) {
		v.Add("company_id", "value_error", "company does not exist")
	} else if err != nil {
		return User{}, err
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	if taken, err := s.users.EmailTaken(ctx, companyID, lower, ""); err != nil {
		return User{}, err
	} else if taken {
		return User{}, conflict(msgEmailTaken)
	}
	username, err := s.newUsername(ctx, companyID, in.Username, lower)
	if err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return User{}, err
	}
	now := s.nowUTC()
	u := User{CompanyID: companyID, Email: email, EmailLower: lower, FullName: name, Role: in.Role,
		PasswordHash: hash, IsActive: true, CreatedAt: now, UpdatedAt: now}
	u.Username, u.UsernameLower = NormalizeUsername(username)
	if in.IsActive != nil {
		u.IsActive = *in.IsActive
	}
	if err := s.users.CreateUser(ctx, &u); err != nil {
		return User{}, err
	}
	return u, nil
}

// newUsername is the username of a new user: the one asked for (validated
// by the caller; 409 when taken) or the first free default of the email.
// Two creates racing for the same default meet the unique index: the
// loser's insert is a 409 and the client retries.
func (s *Service) newUsername(ctx context.Context, companyID, asked, emailLower string) (string, error) {
	if asked == "" {
		return s.freeUsername(ctx, companyID, UsernameBase(emailLower))
	}
	_, lower := NormalizeUsername(asked)
	if taken, err := s.users.UsernameTaken(ctx, companyID, lower, ""); err != nil {
		return "", err
	} else if taken {
		return "", conflict(msgUsernameTaken)
	}
	return asked, nil
}

// target loads a user the caller can see (404 otherwise) for a write.
func (s *Service) target(ctx context.Context, p principal.Principal, id string) (Scope, User, error) {
	scope, err := userScope(p)
	if err != nil {
		return Scope{}, User{}, err
	}
	if p.Role == principal.RoleClient && id != p.UserID {
		return Scope{}, User{}, errs.ErrNotFound
	}
	u, err := s.users.GetUser(ctx, scope, id)
	return scope, u, err
}

// UpdateUser changes a user. Anyone may change their own full_name; admins
// change the users they administer (their username included, their own
// too; a non-admin's username is the admins' to change); nobody deactivates themselves or
// changes their own role, and a company_admin never touches or makes a
// superadmin.
func (s *Service) UpdateUser(ctx context.Context, p principal.Principal, id string, patch UserPatch) (User, error) {
	scope, cur, err := s.target(ctx, p, id)
	if err != nil {
		return User{}, err
	}
	self := id == p.UserID
	if patch.Username != nil && strings.TrimSpace(*patch.Username) == cur.Username {
		patch.Username = nil // the record as read, sent back unchanged
	}
	switch {
	case self && patch.Password != nil:
		return User{}, errs.New(errs.ErrPermissionDenied, "Use /api/users/me/password to change your own password")
	case !isAdmin(p) && !self:
		return User{}, forbidden()
	case !isAdmin(p) && (patch.Email != nil || patch.Username != nil || patch.Role != nil || patch.IsActive != nil):
		return User{}, forbidden()
	case !p.IsSuperadmin() && (cur.Role == principal.RoleSuperadmin || (patch.Role != nil && *patch.Role == principal.RoleSuperadmin)):
		return User{}, forbidden()
	case self && patch.IsActive != nil && !*patch.IsActive:
		return User{}, conflict("You cannot deactivate yourself")
	case self && patch.Role != nil && *patch.Role != cur.Role:
		return User{}, conflict("You cannot change your own role")
	}
	var v errs.Validator
	if patch.Email != nil {
		email, lower := NormalizeEmail(*patch.Email)
		patch.Email, patch.EmailLower = &email, &lower
		checkEmail(&v, "email", email)
	}
	if patch.Username != nil {
		name, lower := NormalizeUsername(*patch.Username)
		patch.Username, patch.UsernameLower = &name, &lower
		checkUsername(&v, "username", lower)
	}
	if patch.FullName != nil {
		n := strings.TrimSpace(*patch.FullName)
		patch.FullName = &n
		checkName(&v, "full_name", n)
	}
	if patch.Role != nil {
		checkRole(&v, "role", *patch.Role)
	}
	if patch.Password != nil {
		checkPassword(&v, "password", *patch.Password)
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	if patch.EmailLower != nil && *patch.EmailLower != cur.EmailLower {
		// FerretDB reports a duplicate caused by an update as an internal
		// error, so the conflict is checked first (the index stays).
		if taken, err := s.users.EmailTaken(ctx, cur.CompanyID, *patch.EmailLower, id); err != nil {
			return User{}, err
		} else if taken {
			return User{}, conflict(msgEmailTaken)
		}
	}
	if patch.UsernameLower != nil && *patch.UsernameLower != cur.UsernameLower {
		// Checked first for the same reason as the email.
		if taken, err := s.users.UsernameTaken(ctx, cur.CompanyID, *patch.UsernameLower, id); err != nil {
			return User{}, err
		} else if taken {
			return User{}, conflict(msgUsernameTaken)
		}
	}
	if patch.Password != nil {
		hash, err := s.hasher.Hash(*patch.Password)
		if err != nil {
			return User{}, err
		}
		patch.PasswordHash, patch.Password = &hash, nil
	}
	patch.UpdatedAt = s.nowUTC()
	if patch.PasswordHash != nil {
		// An administrator's reset ends the user's sessions (auth refuses
		// refresh tokens created before this time).
		at := patch.UpdatedAt
		patch.PasswordChangedAt = &at
	}
	u, err := s.users.UpdateUser(ctx, scope, id, patch)
	if err != nil {
		return User{}, err
	}
	// A reset, a deactivation or a role change ends the access tokens
	// issued before it too (sessions.go).
	if patch.PasswordHash != nil || (patch.IsActive != nil && !*patch.IsActive && cur.IsActive) ||
		(patch.Role != nil && *patch.Role != cur.Role) {
		if err := s.cutSessions(ctx, id, patch.UpdatedAt); err != nil {
			return User{}, err
		}
	}
	return u, nil
}

// DeleteUser soft-deletes a user (admins); the email becomes free again.
// Nobody deletes themselves.
func (s *Service) DeleteUser(ctx context.Context, p principal.Principal, id string) (User, error) {
	scope, cur, err := s.target(ctx, p, id)
	if err != nil {
		return User{}, err
	}
	switch {
	case !isAdmin(p):
		return User{}, forbidden()
	case id == p.UserID:
		return User{}, conflict("You cannot delete yourself")
	case !p.IsSuperadmin() && cur.Role == principal.RoleSuperadmin:
		return User{}, forbidden()
	}
	now := s.nowUTC()
	if _, err := s.users.SoftDeleteUser(ctx, scope, id, now); err != nil {
		return User{}, err
	}
	if err := s.cutSessions(ctx, id, now); err != nil {
		return User{}, err
	}
	return cur, nil
}

// ChangePassword changes the caller's own password; the current one must
// match (422 on current_password otherwise). It records the time of the
// change, and auth refuses every refresh token created before it: all the
// user's sessions end, this one included (its access token lives until it
// expires), and the next login uses the new password.
//
// Wrong current passwords are throttled like logins (password_throttle.go),
// per user and client address (addr, "" when unknown).
func (s *Service) ChangePassword(ctx context.Context, p principal.Principal, addr, current, next string) error {
	scope, err := userScope(p)
	if err != nil {
		return err
	}
	u, err := s.users.GetUser(ctx, scope, p.UserID)
	if err != nil {
		return err
	}
	key := u.ID + "|" + addr
	if err := s.checkPasswordThrottle(ctx, key); err != nil {
		return err
	}
	var v errs.Validator
	if !s.hasher.Verify(current, u.PasswordHash) {
		v.Add("current_password", "value_error", "Incorrect password")
		if err := s.users.AddPasswordFailure(ctx, key, s.nowUTC()); err != nil {
			return err
		}
	}
	checkPassword(&v, "new_password", next)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.users.ClearPasswordFailures(ctx, key); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return err
	}
	now := s.nowUTC()
	if _, err = s.users.UpdateUser(ctx, scope, u.ID, UserPatch{PasswordHash: &hash, PasswordChangedAt: &now, UpdatedAt: now}); err != nil {
		return err
	}
	return s.cutSessions(ctx, u.ID, now)
}
