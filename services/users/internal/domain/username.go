package domain

import (
	"context"
	"strconv"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Username limits: 3..50 characters of [a-z0-9._-], compared
// case-insensitively (upper-case letters are accepted and kept for
// display; the unique index is on the lower-case copy).
const (
	MinUsernameLen = 3
	MaxUsernameLen = 50
	// maxUsernameBase leaves room for a numeric suffix in MaxUsernameLen.
	maxUsernameBase = MaxUsernameLen - 8
)

const msgUsernameTaken = "Username already taken"

// NormalizeUsername trims a username and returns it with its lowercase
// copy.
func NormalizeUsername(u string) (username, lower string) {
	username = strings.TrimSpace(u)
	return username, strings.ToLower(username)
}

// IsEmailLogin reports whether a login typed at the token endpoint is an email
// (it has an "@", which no username has) rather than a username.
func IsEmailLogin(login string) bool { return strings.Contains(login, "@") }

func usernameRune(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '.' || r == '_' || r == '-'
}

// validUsername checks the lower-case copy of a username.
func validUsername(lower string) bool {
	if len(lower) < MinUsernameLen || len(lower) > MaxUsernameLen {
		return false
	}
	for _, r := range lower {
		if !usernameRune(r) {
			return false
		}
	}
	return true
}

func checkUsername(v *errs.Validator, field, lower string) {
	v.Check(validUsername(lower), field, "value_error",
		"username must be %d to %d characters of a-z, 0-9, '.', '_' or '-'", MinUsernameLen, MaxUsernameLen)
}

// UsernameBase is the default username of an email: its local part in
// lower case, without the characters a username may not have, cut to
// leave room for a suffix; one shorter than MinUsernameLen gets "-user"
// appended ("user" alone when nothing is left).
func UsernameBase(emailLower string) string {
	local, _, _ := strings.Cut(strings.ToLower(emailLower), "@")
	var b strings.Builder
	for _, r := range local {
		if usernameRune(r) && b.Len() < maxUsernameBase {
			b.WriteRune(r)
		}
	}
	base := b.String()
	switch {
	case base == "":
		return "user"
	case len(base) < MinUsernameLen:
		return base + "-user"
	}
	return base
}

// NthUsername is the n-th candidate of a base: the base itself for n ≤ 1,
// then base2, base3, …
func NthUsername(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + strconv.Itoa(n)
}

// maxUsernameTries bounds the search for a free default username; past it
// the create answers 409 and the caller names a username.
const maxUsernameTries = 1000

// freeUsername is the first candidate of base not taken in the company.
func (s *Service) freeUsername(ctx context.Context, companyID, base string) (string, error) {
	for n := 1; n <= maxUsernameTries; n++ {
		cand := NthUsername(base, n)
		taken, err := s.users.UsernameTaken(ctx, companyID, cand, "")
		if err != nil {
			return "", err
		}
		if !taken {
			return cand, nil
		}
	}
	return "", conflict(msgUsernameTaken)
}
