package listing_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/textset"
)

// Run longer: go test -run '^$' -fuzz FuzzNewPage -fuzztime 60s ./listing
//
// The list query parser as every store relies on it: a page that passes
// has a limit from 1 to MaxLimit, a skip of 0 or more and a sort the list
// declared; anything else is one 422 naming the fields.
func FuzzNewPage(f *testing.F) {
	f.Add(int32(0), int32(0), "", "")
	f.Add(int32(10), int32(50), "title", "DESC")
	f.Add(int32(-1), int32(1001), "$where", "sideways")
	sortable := []string{"created_at", "title", "due_at"}
	f.Fuzz(func(t *testing.T, skip, limit int32, sort, order string) {
		p, err := listing.NewPage(listing.PageRequest{
			Skip: skip, Limit: limit, Sort: sort, Order: order,
			Sortable: sortable, Default: "created_at", DefaultDesc: true,
		})
		if err != nil {
			var ve *errs.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not a validation error (422)", err)
			}
			return
		}
		if p.Limit < 1 || p.Limit > listing.MaxLimit || p.Skip < 0 || p.Skip != int64(skip) {
			t.Fatalf("accepted page out of bounds: %+v", p)
		}
		if !slices.Contains(sortable, p.Sort) {
			t.Fatalf("accepted undeclared sort %q", p.Sort)
		}
		if o := strings.ToLower(order); (o == "asc" && p.Desc) || (o == "desc" && !p.Desc) || (o == "" && !p.Desc) {
			t.Fatalf("order %q gave Desc=%v", order, p.Desc)
		}
	})
}

// A multi-valued filter (status=open,closed&status=approved) yields at
// most MaxFilterValues distinct, trimmed, non-empty values without the
// separator, in the order sent; more values sent is a 422 and no values.
func FuzzFilter(f *testing.F) {
	f.Add("open,closed", " approved ,open,,", "")
	f.Add(strings.Repeat("a,", 120), "", "x")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var v errs.Validator
		in := []string{a, b, c}
		got := textset.Normalize(&v, listing.Filter("status"), in)
		sent := strings.Count(a+","+b+","+c, ",") + 1
		if sent > listing.MaxFilterValues {
			if v.Err() == nil || len(got) != 0 {
				t.Fatalf("%d values sent: want a 422 and nothing, got %v, %v", sent, got, v.Err())
			}
			return
		}
		if v.Err() != nil {
			t.Fatalf("%d values refused: %v", sent, v.Err())
		}
		seen := map[string]bool{}
		for _, s := range got {
			if s == "" || s != strings.TrimSpace(s) || strings.Contains(s, ",") || seen[s] {
				t.Fatalf("bad value %q in %q", s, got)
			}
			seen[s] = true
		}
		var want []string
		for _, part := range strings.Split(a+","+b+","+c, ",") {
			if p := strings.TrimSpace(part); p != "" && !slices.Contains(want, p) {
				want = append(want, p)
			}
		}
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("Normalize(%q) = %q, want %q", in, got, want)
		}
	})
}
