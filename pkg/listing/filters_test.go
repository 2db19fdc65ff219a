package listing_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/listing"
)

// TestEnumFilter: repeated and comma-separated values are one list, and a
// value outside the enum (or a q past MaxQ) is a 422 naming the field.
func TestEnumFilter(t *testing.T) {
	t.Parallel()
	allowed := []string{"open", "closed", "approved"}
	var v errs.Validator
	got := listing.EnumFilter(&v, "status", []string{"open, closed", "open", "approved"}, allowed)
	listing.CheckQ(&v, strings.Repeat("q", listing.MaxQ))
	if err := v.Err(); err != nil || !slices.Equal(got, []string{"open", "closed", "approved"}) {
		t.Fatalf("EnumFilter = %q, %v", got, err)
	}
	listing.EnumFilter(&v, "status", []string{"open,lost"}, allowed)
	listing.CheckQ(&v, strings.Repeat("q", listing.MaxQ+1))
	var ve *errs.ValidationError
	if !errors.As(v.Err(), &ve) || len(ve.Violations) != 2 || ve.Violations[0].Field != "status" || ve.Violations[1].Field != "q" {
		t.Fatalf("got %v, want violations of status and q", v.Err())
	}
}
