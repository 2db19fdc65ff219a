package mongox_test

import (
	"errors"
	"maps"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// TestTenantFilter: one company filters by it, every company by nothing,
// and a scope with neither is refused rather than widened to all.
func TestTenantFilter(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		s          tenancy.Scope
		want, live bson.M
	}{
		{"one company", tenancy.OneCompany("c1"), bson.M{"company_id": "c1"}, bson.M{"company_id": "c1", "deleted": false}},
		{"every company", tenancy.EveryCompany(), bson.M{}, bson.M{"deleted": false}},
		{"no company", tenancy.Scope{}, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := mongox.TenantFilter(c.s)
			l, lerr := mongox.LiveFilter(c.s)
			if c.want == nil {
				if !errors.Is(err, mongox.ErrNoTenant) || !errors.Is(lerr, mongox.ErrNoTenant) {
					t.Fatalf("got %v, %v; want ErrNoTenant", err, lerr)
				}
				return
			}
			if err != nil || lerr != nil || !maps.Equal(f, c.want) || !maps.Equal(l, c.live) {
				t.Fatalf("TenantFilter = %v (%v), LiveFilter = %v (%v)", f, err, l, lerr)
			}
		})
	}
	if mongox.RequireTenant("") != mongox.ErrNoTenant || mongox.RequireTenant("c1") != nil {
		t.Fatal("RequireTenant")
	}
}
