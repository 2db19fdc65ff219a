package domain

import (
	"context"
	"errors"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// msgBadCredentials is the one answer for every failed login, so that an
// attacker cannot tell an unknown email from a wrong password, an inactive
// user or an inactive company.
const msgBadCredentials = "Incorrect username or password"

// badCredentials is ErrNotFound ("no active account matches"), not
// ErrUnauthenticated: on the DirectoryService, Unauthenticated means that
// the calling service's own credential was refused (pkg/directory), and
// that must never read as a user's wrong password.
func badCredentials() error { return errs.New(errs.ErrNotFound, msgBadCredentials) }

// Login is a verified login: the user, and whether accounts of other
// companies use the same login (auth's throttle needs to know: a failed
// attempt without company_id may have been aimed at any of them).
type Login struct {
	User
	Shared bool
}

// VerifyCredentials checks a login and password (service callers only).
// The login is an email when it has an "@", otherwise a username; both
// compare case-insensitively. companyID ("" for any) disambiguates a login
// used in several companies; if the password matches several active
// accounts and no companyID is given, the answer is a 400 asking for one.
func (s *Service) VerifyCredentials(ctx context.Context, p principal.Principal, login, pw, companyID string) (Login, error) {
	if !p.IsService() {
		return Login{}, forbidden()
	}
	_, lower := NormalizeEmail(login)
	byEmail := IsEmailLogin(lower)
	if lower == "" || pw == "" || len(lower) > MaxEmailLen || len(pw) > 4*MaxPasswordLen || (!byEmail && !validUsername(lower)) {
		s.hasher.Dummy(pw)
		return Login{}, badCredentials()
	}
	scope := AllCompanies() // a login may be used in several companies
	if companyID != "" {
		scope = InCompany(companyID)
	}
	find, what := s.users.UsersByEmail, "email"
	if !byEmail {
		find, what = s.users.UsersByUsername, "username"
	}
	cands, err := find(ctx, scope, lower)
	if err != nil {
		return Login{}, err
	}
	var matched []User
	for _, u := range cands {
		if s.hasher.Verify(pw, u.PasswordHash) && u.IsActive {
			matched = append(matched, u)
		}
	}
	if len(cands) == 0 {
		s.hasher.Dummy(pw)
	}
	switch {
	case len(matched) == 0:
		return Login{}, badCredentials()
	case len(matched) > 1:
		return Login{}, errs.New(errs.ErrBadRequest, "Several accounts use this %s; pass company_id", what)
	}
	u := matched[0]
	c, err := s.companies.GetCompany(ctx, u.CompanyID)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && !c.IsActive) {
		return Login{}, badCredentials()
	} else if err != nil {
		return Login{}, err
	}
	now := s.nowUTC()
	if err := s.users.SetLastLogin(ctx, InCompany(u.CompanyID), u.ID, now); err != nil {
		return Login{}, err
	}
	u.LastLoginAt = &now
	out := Login{User: u}
	for _, c := range cands {
		out.Shared = out.Shared || c.CompanyID != u.CompanyID
	}
	return out, nil
}

// LookupUser reads a user by id across companies (service callers only),
// with whether its company is active. Deleted users are not found.
func (s *Service) LookupUser(ctx context.Context, p principal.Principal, id string) (User, bool, error) {
	if !p.IsService() {
		return User{}, false, forbidden()
	}
	u, err := s.users.GetUser(ctx, AllCompanies(), id)
	if err != nil {
		return User{}, false, err
	}
	c, err := s.companies.GetCompany(ctx, u.CompanyID)
	if errors.Is(err, errs.ErrNotFound) {
		return u, false, nil
	} else if err != nil {
		return User{}, false, err
	}
	return u, c.IsActive, nil
}

// LookupCompany reads a company by id (service callers only), for other
// services that check a company a superadmin names before storing data for
// it. An unknown company is errs.ErrNotFound.
func (s *Service) LookupCompany(ctx context.Context, p principal.Principal, id string) (Company, error) {
	if !p.IsService() {
		return Company{}, forbidden()
	}
	return s.companies.GetCompany(ctx, id)
}
