package domain_test

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// TestSuperadminNamesACompany: a superadmin creates tickets and webhooks
// only for a company that exists and is active; a malformed or unknown id
// is 422 on company_id and stores nothing.
func TestSuperadminNamesACompany(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	suspended := bson.NewObjectID().Hex()
	e.dir.AddCompany(suspended, false)
	tests := []struct {
		name    string
		who     principal.Principal
		company string
		want    string
	}{
		{"existing company", e.super, e.admin.CompanyID, "ok"},
		{"own company", e.super, e.super.CompanyID, "ok"},
		{"malformed id", e.super, "no-such-company", "422"},
		{"upper-case hex", e.super, "ABCDEF0123456789ABCDEF01", "422"},
		{"unknown company", e.super, bson.NewObjectID().Hex(), "422"},
		{"suspended company", e.super, suspended, "422"},
		{"not a superadmin", e.admin, e.managerB.CompanyID, "403"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk, err := e.svc.Create(t.Context(), tt.who, domain.CreateInput{Title: "Launch", CompanyID: tt.company})
			if kind(err) != tt.want {
				t.Fatalf("ticket: got %s, want %s", kind(err), tt.want)
			}
			if err == nil && tk.CompanyID != tt.company {
				t.Fatalf("ticket stored for %q, want %q", tk.CompanyID, tt.company)
			}
			if err != nil && tt.want == "422" && !hasField(err, "company_id") {
				t.Fatalf("ticket: 422 not on company_id: %v", err)
			}
			w, err := e.svc.CreateWebhook(t.Context(), tt.who, domain.WebhookInput{
				URL: "http://127.0.0.1:9/hook", Secret: "a-long-enough-secret", CompanyID: tt.company})
			if kind(err) != tt.want {
				t.Fatalf("webhook: got %s, want %s", kind(err), tt.want)
			}
			if err == nil && w.CompanyID != tt.company {
				t.Fatalf("webhook stored for %q, want %q", w.CompanyID, tt.company)
			}
		})
	}
	// Nothing was stored for the refused companies.
	ts, total, err := e.svc.List(t.Context(), e.super, domain.ListInput{Page: domain.Page{Limit: 100}})
	if err != nil || total != 2 {
		t.Fatalf("superadmin sees %d tickets (%v), want the 2 accepted: %+v", total, err, ts)
	}
	_, total, err = e.svc.ListWebhooks(t.Context(), e.super, nil, domain.Page{Limit: 100})
	if err != nil || total != 2 {
		t.Fatalf("superadmin sees %d webhooks (%v), want the 2 accepted", total, err)
	}
}
