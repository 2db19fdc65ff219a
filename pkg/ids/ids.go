// Package ids owns the shape of Copydesk ids: MongoDB ObjectIDs written as
// 24 lower-case hexadecimal characters. It imports no database code, so
// transports parse path ids with Parse (a malformed one is a 400) and
// domains check id-valued fields with Valid (a 422 on that field); stores
// turn the canonical text into ObjectIDs (pkg/mongox.ParseID).
package ids

import (
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Len is the length of an id in text.
const Len = 24

// Valid reports whether s is an id in canonical (lower-case) form.
func Valid(s string) bool {
	if len(s) != Len {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Canonical returns s in canonical form and whether it is an id at all;
// upper-case hexadecimal is accepted (and lower-cased).
func Canonical(s string) (string, bool) {
	if len(s) != Len {
		return "", false
	}
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			b[i] = c + ('a' - 'A')
		default:
			return "", false
		}
	}
	return string(b), true
}

// Parse turns a client-supplied id into its canonical form, or an error of
// kind errs.ErrMalformedID (HTTP 400) that quotes at most 40 bytes of it.
func Parse(s string) (string, error) {
	id, ok := Canonical(s)
	if !ok {
		return "", errs.New(errs.ErrMalformedID, "Malformed id: %q", truncate(s, 40))
	}
	return id, nil
}

// ParseOptional is Parse with "" allowed (and returned as "").
func ParseOptional(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	return Parse(s)
}

// truncate keeps at most n bytes of s, never cutting a UTF-8 character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for back := 0; back < utf8.UTFMax-1 && n > 0 && !utf8.RuneStart(s[n]); back++ {
		n--
	}
	return s[:n] + "…"
}

// ParseFilters canonicalises optional id-valued filters (a list's
// assignee_id, campaign_id, company_id, …) in place. A malformed one is
// errs.ErrMalformedID (400), as a malformed path id, rather than a filter
// that matches nothing.
func ParseFilters(filters ...*string) error {
	for _, f := range filters {
		id, err := ParseOptional(*f)
		if err != nil {
			return err
		}
		*f = id
	}
	return nil
}
