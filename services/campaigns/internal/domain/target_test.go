package domain_test

import (
	"errors"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// TestSuperadminNamesACompany: a superadmin creates campaigns only for a
// company that exists and is active; a malformed or unknown id is 422 on
// company_id and stores nothing.
func TestSuperadminNamesACompany(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	suspended := bson.NewObjectID().Hex()
	e.dir.AddCompany(suspended, false)
	tests := []struct {
		name    string
		who     principal.Principal
		company string
		fields  []string // 422 on these; nil: accepted
		denied  bool
	}{
		{"existing company", e.super, e.admin.CompanyID, nil, false},
		{"own company", e.super, e.super.CompanyID, nil, false},
		{"malformed id", e.super, "no-such-company", []string{"company_id"}, false},
		{"unknown company", e.super, bson.NewObjectID().Hex(), []string{"company_id"}, false},
		{"suspended company", e.super, suspended, []string{"company_id"}, false},
		{"not a superadmin", e.admin, e.managerB.CompanyID, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := e.svc.Create(t.Context(), tt.who, domain.CreateInput{Name: "Launch", CompanyID: tt.company})
			if tt.denied {
				if !errors.Is(err, errs.ErrPermissionDenied) {
					t.Fatalf("got %v, want 403", err)
				}
				return
			}
			assertFields(t, err, tt.fields)
			if err == nil && c.CompanyID != tt.company {
				t.Fatalf("stored for %q, want %q", c.CompanyID, tt.company)
			}
		})
	}
	_, total, err := e.svc.List(t.Context(), e.super, domain.ListInput{Page: domain.Page{Limit: 100}})
	if err != nil || total != 2 {
		t.Fatalf("superadmin sees %d campaigns (%v), want the 2 accepted", total, err)
	}
}
