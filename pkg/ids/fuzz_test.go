package ids_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
)

// Run longer: go test -run '^$' -fuzz FuzzParse -fuzztime 60s ./ids
//
// What every caller relies on: a parsed id is canonical and the same id
// as sent (case aside); anything else is a 400 whose message is valid
// UTF-8 and short, whatever bytes the client sent.
func FuzzParse(f *testing.F) {
	f.Add("0123456789abcdef01234567")
	f.Add("0123456789ABCDEF01234567")
	f.Add("0123456789abcdef0123456")
	f.Add(strings.Repeat("é", 30))
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ids.Parse(s)
		if err == nil {
			if !ids.Valid(id) || !strings.EqualFold(id, s) {
				t.Fatalf("Parse(%q) = %q: not the canonical form of the input", s, id)
			}
			if again, err := ids.Parse(id); err != nil || again != id {
				t.Fatalf("Parse is not idempotent on %q: %q, %v", id, again, err)
			}
			return
		}
		if ids.Valid(s) {
			t.Fatalf("Parse refused the valid id %q", s)
		}
		if !errors.Is(err, errs.ErrMalformedID) {
			t.Fatalf("Parse(%q) error %v is not ErrMalformedID", s, err)
		}
		// At most 40 bytes of the input are quoted, and input that was
		// valid UTF-8 is never cut inside a character.
		msg := err.Error()
		quoted, ok := strings.CutPrefix(msg, "Malformed id: ")
		if !ok || !utf8.ValidString(msg) {
			t.Fatalf("unexpected message %q", msg)
		}
		shown, err := strconv.Unquote(quoted)
		if len(s) > 40 {
			shown = strings.TrimSuffix(shown, "…")
		}
		if err != nil || len(shown) > 40 || !strings.HasPrefix(s, shown) {
			t.Fatalf("message %q does not quote at most 40 bytes of the input (%v)", msg, err)
		}
		if utf8.ValidString(s) && !utf8.ValidString(shown) {
			t.Fatalf("message %q cuts a character of the input", msg)
		}
	})
}
