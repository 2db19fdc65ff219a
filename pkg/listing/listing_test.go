package listing_test

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/listing"
)

func TestNewPage(t *testing.T) {
	t.Parallel()
	rules := listing.PageRequest{Sortable: []string{"name", "created_at"}, Default: "created_at", DefaultDesc: true}
	p, err := listing.NewPage(rules)
	if err != nil || p != (listing.Page{Limit: listing.DefaultLimit, Sort: "created_at", Desc: true}) {
		t.Fatalf("defaults: %+v %v", p, err)
	}
	r := rules
	r.Skip, r.Limit, r.Sort, r.Order = 5, 10, "name", "ASC"
	p, err = listing.NewPage(r)
	if err != nil || p != (listing.Page{Skip: 5, Limit: 10, Sort: "name"}) {
		t.Fatalf("explicit: %+v %v", p, err)
	}
	r = rules
	r.Order = "asc"
	if p, err := listing.NewPage(r); err != nil || p.Sort != "created_at" || p.Desc {
		t.Fatalf("order without sort: %+v %v", p, err)
	}
	for _, bad := range []struct {
		skip, limit int32
		sort, order string
		field       string
	}{{-1, 0, "", "", "skip"}, {listing.MaxSkip + 1, 0, "", "", "skip"}, {0, 1001, "", "", "limit"}, {0, -1, "", "", "limit"}, {0, 0, "password_hash", "", "sort"}, {0, 0, "", "sideways", "order"}} {
		r := rules
		r.Skip, r.Limit, r.Sort, r.Order = bad.skip, bad.limit, bad.sort, bad.order
		_, err := listing.NewPage(r)
		var ve *errs.ValidationError
		if !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Field != bad.field {
			t.Errorf("%+v: err = %v, want a violation of %s", bad, err, bad.field)
		}
	}
	// A list without sort choices takes only its default.
	if _, err := listing.NewPage(listing.PageRequest{Sort: "at", Default: "created_at"}); err == nil {
		t.Error("a sort name on a list without choices was accepted")
	}
}
