package domain

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// SystemCompanyName is the company of the superadmins.
const SystemCompanyName = "Copydesk"

// BootstrapResult says what Bootstrap did. Password is set only when it was
// generated; the caller shows it once and never logs it.
type BootstrapResult struct {
	Created  bool
	Email    string
	Password string
}

// Bootstrap makes sure the system company and a superadmin exist. With no
// superadmin it creates one from email and password, generating a strong
// password when none is given. It is idempotent and safe when several
// replicas start at once: the unique indexes turn the second insert into a
// conflict, which means someone else has just bootstrapped.
func (s *Service) Bootstrap(ctx context.Context, email, password string) (BootstrapResult, error) {
	sys, err := s.ensureSystemCompany(ctx)
	if err != nil {
		return BootstrapResult{}, err
	}
	has, err := s.users.HasSuperadmin(ctx)
	if err != nil || has {
		return BootstrapResult{}, err
	}
	email, lower := NormalizeEmail(email)
	if !validEmail(email) {
		return BootstrapResult{}, errors.New("bootstrap: ADMIN_EMAIL is not a valid email address")
	}
	res := BootstrapResult{Email: email}
	if password == "" {
		password = generatePassword()
		res.Password = password
	} else if n := len([]rune(password)); n < MinPasswordLen || n > MaxPasswordLen {
		return BootstrapResult{}, fmt.Errorf("bootstrap: ADMIN_PASSWORD must be %d to %d characters", MinPasswordLen, MaxPasswordLen)
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return BootstrapResult{}, err
	}
	username, err := s.freeUsername(ctx, sys.ID, UsernameBase(lower))
	if err != nil {
		return BootstrapResult{}, err
	}
	now := s.nowUTC()
	u := User{CompanyID: sys.ID, Email: email, EmailLower: lower, Username: username, UsernameLower: username,
		FullName: "Administrator", Role: principal.RoleSuperadmin, PasswordHash: hash, IsActive: true, CreatedAt: now, UpdatedAt: now}
	if err := s.users.CreateUser(ctx, &u); errors.Is(err, errs.ErrConflict) {
		return BootstrapResult{}, nil // another replica won the race
	} else if err != nil {
		return BootstrapResult{}, fmt.Errorf("bootstrap superadmin: %w", err)
	}
	res.Created = true
	return res, nil
}

func (s *Service) ensureSystemCompany(ctx context.Context) (Company, error) {
	c, err := s.companies.SystemCompany(ctx)
	if !errors.Is(err, errs.ErrNotFound) {
		return c, err
	}
	now := s.nowUTC()
	c = Company{Name: SystemCompanyName, NameLower: strings.ToLower(SystemCompanyName), IsActive: true, IsSystem: true,
		Description: "Operators of the platform", CreatedAt: now, UpdatedAt: now}
	err = s.companies.CreateCompany(ctx, &c)
	if errors.Is(err, errs.ErrConflict) {
		c, err = s.companies.SystemCompany(ctx) // created meanwhile by another replica
		if errors.Is(err, errs.ErrNotFound) {
			return Company{}, fmt.Errorf("bootstrap: a company named %q exists but is not the system company", SystemCompanyName)
		}
	}
	if err != nil {
		return Company{}, fmt.Errorf("bootstrap system company: %w", err)
	}
	return c, nil
}

// generatePassword returns 32 characters of URL-safe base64 (192 bits).
func generatePassword() string {
	var b [24]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}
