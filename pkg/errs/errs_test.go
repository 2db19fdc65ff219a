package errs_test

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
)

// TestOneOf: a value outside the enum is a 422 "literal_error" naming the
// field and the allowed values; a listed value passes.
func TestOneOf(t *testing.T) {
	t.Parallel()
	var v errs.Validator
	v.OneOf("priority", "normal", []string{"low", "normal"})
	if err := v.Err(); err != nil {
		t.Fatalf("allowed value: %v", err)
	}
	v.OneOf("priority", "urgent!", []string{"low", "normal"})
	var ve *errs.ValidationError
	if !errors.As(v.Err(), &ve) || len(ve.Violations) != 1 {
		t.Fatalf("got %v, want one violation", v.Err())
	}
	if got := ve.Violations[0]; got != (errs.FieldViolation{Field: "priority", Type: "literal_error", Msg: "priority must be one of low, normal"}) {
		t.Fatalf("violation %+v", got)
	}
}
