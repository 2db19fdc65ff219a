package domain

import (
	"strings"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Limits of the REST contract.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
	MaxNameLen     = 200
	MaxDescLen     = 2000
	MaxEmailLen    = 254
)

// NormalizeEmail trims an email and returns it with its lowercase copy.
func NormalizeEmail(e string) (email, lower string) {
	email = strings.TrimSpace(e)
	return email, strings.ToLower(email)
}

// validEmail is a deliberately simple syntax check: one @, a non-empty local
// part, a dotted domain, no spaces or control characters.
func validEmail(e string) bool {
	if e == "" || len(e) > MaxEmailLen || !utf8.ValidString(e) {
		return false
	}
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") {
		return false
	}
	for _, r := range e {
		if r <= ' ' || r == 0x7f {
			return false
		}
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1 && !strings.Contains(domain, "..")
}

func checkEmail(v *errs.Validator, field, email string) {
	v.Check(validEmail(email), field, "value_error", "value is not a valid email address")
}

func checkName(v *errs.Validator, field, name string) {
	n := utf8.RuneCountInString(name)
	v.Check(n >= 1 && n <= MaxNameLen, field, "string_too_long", "must be 1 to %d characters", MaxNameLen)
}

func checkPassword(v *errs.Validator, field, pw string) {
	n := utf8.RuneCountInString(pw)
	v.Check(n >= MinPasswordLen && n <= MaxPasswordLen, field, "string_too_short",
		"password must be %d to %d characters", MinPasswordLen, MaxPasswordLen)
}

func checkRole(v *errs.Validator, field, role string) {
	v.Check(principal.ValidUserRole(role), field, "literal_error",
		"role must be one of %s", strings.Join(principal.UserRoles, ", "))
}

// isAdmin reports whether p administers users (superadmin or company_admin).
func isAdmin(p principal.Principal) bool {
	return p.HasRole(principal.RoleSuperadmin, principal.RoleCompanyAdmin)
}

// userScope is the tenant a principal reads users in.
func userScope(p principal.Principal) (Scope, error) {
	if p.IsSuperadmin() {
		return AllCompanies(), nil
	}
	if p.CompanyID == "" {
		return Scope{}, errs.New(errs.ErrUnauthenticated, "Could not validate credentials")
	}
	return InCompany(p.CompanyID), nil
}

func conflict(msg string) error { return errs.New(errs.ErrConflict, "%s", msg) }

func forbidden() error { return errs.ErrPermissionDenied }
