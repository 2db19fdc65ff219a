// Package errs holds the domain error kinds every service uses. Domain code
// returns them (wrapped with %w); one gRPC interceptor maps them to status
// codes (see grpcserver), and the gateway maps codes to HTTP.
package errs

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Sentinel kinds. Wrap them: fmt.Errorf("ticket %s: %w", id, errs.ErrNotFound).
var (
	// ErrNotFound: the thing does not exist or belongs to another company.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a uniqueness clash or a stale version.
	ErrConflict = errors.New("conflict")
	// ErrInvalidTransition: a workflow step that is not allowed from here.
	ErrInvalidTransition = errors.New("invalid transition")
	// ErrPermissionDenied: the caller's role may not do this.
	ErrPermissionDenied = errors.New("permission denied")
	// ErrUnauthenticated: no valid credential.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrMalformedID: an id that cannot be an id (HTTP 400).
	ErrMalformedID = errors.New("malformed id")
	// ErrBadRequest: a request that is wrong as a whole (HTTP 400).
	ErrBadRequest = errors.New("bad request")
	// ErrUnavailable: a dependency is down; retrying may help.
	ErrUnavailable = errors.New("unavailable")
	// ErrTooLarge: an upload over its size limit (HTTP 413).
	ErrTooLarge = errors.New("too large")
	// ErrUnsupportedMediaType: an upload of a type that is not accepted, or
	// whose content is not what its name says (HTTP 415).
	ErrUnsupportedMediaType = errors.New("unsupported media type")
)

// Public wraps a kind with a message that is safe to show to the client.
// The message replaces the kind's generic text in the response.
type Public struct {
	Kind error
	Msg  string
}

func (e *Public) Error() string { return e.Msg }
func (e *Public) Unwrap() error { return e.Kind }

// New returns an error of the given kind whose message reaches the client.
func New(kind error, format string, args ...any) error {
	return &Public{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// FieldViolation is one invalid field, reported like FastAPI's
// {"loc": ["body", field], "msg": ..., "type": ...}.
type FieldViolation struct {
	Field string // dotted field name, e.g. "email"
	Msg   string // human text
	Type  string // machine code, e.g. "value_error", "missing"
}

// ValidationError collects field violations; it maps to HTTP 422.
type ValidationError struct {
	Violations []FieldViolation
}

func (e *ValidationError) Error() string {
	if len(e.Violations) == 0 {
		return "validation failed"
	}
	return "validation failed: " + e.Violations[0].Field + ": " + e.Violations[0].Msg
}

// Validator accumulates violations; Err returns nil when there are none.
type Validator struct{ v []FieldViolation }

// Add records a violation.
func (v *Validator) Add(field, typ, format string, args ...any) {
	v.v = append(v.v, FieldViolation{Field: field, Type: typ, Msg: fmt.Sprintf(format, args...)})
}

// Check records a violation when ok is false.
func (v *Validator) Check(ok bool, field, typ, format string, args ...any) {
	if !ok {
		v.Add(field, typ, format, args...)
	}
}

// OneOf records a "literal_error" violation when val is not one of
// allowed (an enum field: a status, a type, a channel).
func (v *Validator) OneOf(field, val string, allowed []string) {
	v.Check(slices.Contains(allowed, val), field, "literal_error", "%s must be one of %s", field, strings.Join(allowed, ", "))
}

// Err returns the collected violations as a *ValidationError, or nil.
func (v *Validator) Err() error {
	if len(v.v) == 0 {
		return nil
	}
	return &ValidationError{Violations: v.v}
}

// RateLimitedError asks the client to come back later (HTTP 429).
type RateLimitedError struct {
	Msg        string
	RetryAfter time.Duration
}

func (e *RateLimitedError) Error() string { return e.Msg }
