package ids_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		valid    bool // canonical already
	}{
		{"65f0000000000000000000a1", "65f0000000000000000000a1", true},
		{"65F0000000000000000000A1", "65f0000000000000000000a1", false},
	} {
		got, err := ids.Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if ids.Valid(tc.in) != tc.valid {
			t.Errorf("Valid(%q) = %v, want %v", tc.in, !tc.valid, tc.valid)
		}
	}
	for _, bad := range []string{"", "nope", "65f0000000000000000000a", "65f0000000000000000000a1f", "65f0000000000000000000g1", "65f0000000000000000000é"} {
		if _, err := ids.Parse(bad); !errors.Is(err, errs.ErrMalformedID) {
			t.Errorf("Parse(%q) err = %v, want ErrMalformedID", bad, err)
		}
		if ids.Valid(bad) {
			t.Errorf("Valid(%q) = true", bad)
		}
	}
	_, err := ids.Parse(strings.Repeat("x", 1000))
	if err == nil || len(err.Error()) > 80 {
		t.Errorf("the message of a long malformed id is not bounded: %q", err)
	}
	if got, err := ids.ParseOptional(""); got != "" || err != nil {
		t.Errorf(`ParseOptional("") = %q, %v`, got, err)
	}
}
