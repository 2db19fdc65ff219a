package listing_test

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/listing"
)

func TestNew(t *testing.T) {
	t.Parallel()
	sortable := []string{"name", "created_at"}
	p, err := listing.New(0, 0, "", "", sortable, "created_at", true)
	if err != nil || p.Limit != listing.DefaultLimit || p.Sort != "created_at" || !p.Desc {
		t.Fatalf("defaults: %+v %v", p, err)
	}
	p, err = listing.New(5, 10, "name", "ASC", sortable, "created_at", true)
	if err != nil || p.Skip != 5 || p.Limit != 10 || p.Sort != "name" || p.Desc {
		t.Fatalf("explicit: %+v %v", p, err)
	}
	for _, bad := range []struct {
		skip, limit int32
		sort, order string
		field       string
	}{{-1, 0, "", "", "skip"}, {0, 1001, "", "", "limit"}, {0, 0, "password_hash", "", "sort"}, {0, 0, "", "sideways", "order"}} {
		_, err := listing.New(bad.skip, bad.limit, bad.sort, bad.order, sortable, "created_at", true)
		var ve *errs.ValidationError
		if !errors.As(err, &ve) || ve.Violations[0].Field != bad.field {
			t.Errorf("%+v: err = %v, want a violation of %s", bad, err, bad.field)
		}
	}
}
