package mongox_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// PrefixRegex anchors the lower-cased, escaped text and cuts it to 100
// characters, never inside one: a cut after a byte left invalid UTF-8,
// which the database refuses (a 500 on a superadmin's q of 101–200 bytes).
func TestPrefixRegex(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, q, want string }{
		{"lower-cased", "Refund", "^refund"},
		{"escaped", "a.b*(c)", `^a\.b\*\(c\)`},
		{"empty", "", "^"},
		{"100 characters kept", strings.Repeat("a", 100), "^" + strings.Repeat("a", 100)},
		{"cut at 100 characters", strings.Repeat("a", 101), "^" + strings.Repeat("a", 100)},
		// byte 100 is the second byte of the é: a byte cut splits it.
		{"cut not inside a character", strings.Repeat("a", 99) + "éé", "^" + strings.Repeat("a", 99) + "é"},
		{"multi-byte text counted in characters", strings.Repeat("日", 120), "^" + strings.Repeat("日", 100)},
		{"upper-case multi-byte", strings.Repeat("a", 99) + "ÉÉ", "^" + strings.Repeat("a", 99) + "é"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := mongox.PrefixRegex(c.q)
			re, _ := f["$regex"].(string)
			if !utf8.ValidString(re) {
				t.Fatalf("regex %q is not valid UTF-8", re)
			}
			if re != c.want {
				t.Fatalf("regex %q, want %q", re, c.want)
			}
			if _, ok := f["$options"]; ok {
				t.Fatalf("options %v: a prefix match on a lower-cased field is case-sensitive", f["$options"])
			}
		})
	}
}

// Across every company a list is ordered by created_at whatever was
// asked (only that order has an index without a company); within one
// company the page is unchanged.
func TestScopedPage(t *testing.T) {
	t.Parallel()
	p := mongox.Page{Sort: "name_lower", Desc: true, Skip: 20, Limit: 10}
	if got := mongox.ScopedPage(tenancy.OneCompany("c1"), p); got != p {
		t.Fatalf("one company: %+v, want %+v unchanged", got, p)
	}
	want := p
	want.Sort = mongox.CrossTenantSort
	if got := mongox.ScopedPage(tenancy.EveryCompany(), p); got != want {
		t.Fatalf("every company: %+v, want %+v", got, want)
	}
	asc := mongox.Page{Sort: "updated_at", Limit: 5}
	if got := mongox.ScopedPage(tenancy.EveryCompany(), asc); got.Sort != "created_at" || got.Desc || got.Limit != 5 {
		t.Fatalf("every company, ascending: %+v", got)
	}
}

// A list index is the equality prefix, the sort field and _id, then the
// filters, without repeating the sort field or a prefix field.
func TestListIndexKeys(t *testing.T) {
	t.Parallel()
	prefix := []string{"company_id", "deleted"}
	cases := []struct {
		name    string
		sort    string
		filters []string
		want    []string
	}{
		{"no filters", "created_at", nil, []string{"company_id", "deleted", "created_at", "_id"}},
		{"filters follow _id", "created_at", []string{"status", "tags"}, []string{"company_id", "deleted", "created_at", "_id", "status", "tags"}},
		{"the sort field is not repeated", "status", []string{"status", "tags"}, []string{"company_id", "deleted", "status", "_id", "tags"}},
		{"a prefix field is not repeated", "name", []string{"company_id", "kind"}, []string{"company_id", "deleted", "name", "_id", "kind"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := mongox.ListIndexKeys(prefix, c.sort, c.filters...); !slices.Equal(got, c.want) {
				t.Fatalf("keys %v, want %v", got, c.want)
			}
		})
	}
	// The prefix is not modified (each sort's index is built from it).
	keys := mongox.ListIndexKeys(prefix[:1:2], "created_at")
	keys[0] = "x"
	if prefix[0] != "company_id" {
		t.Fatalf("prefix modified: %v", prefix)
	}
}
