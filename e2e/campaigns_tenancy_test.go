package e2e

import (
	"net/http"
	"reflect"
	"testing"
)

// TestCampaignTenantIsolation: company B's staff get 404 on every campaign
// endpoint with a company A id, A's campaign does not change, and B's
// lists never show it.
func TestCampaignTenantIsolation(t *testing.T) {
	t.Parallel()
	a := newTicketsCo(t)
	coB, _ := newCompany(t)
	adminB := newSession(t, coB, "company_admin")
	writerB := newSession(t, coB, "content_writer")
	c := createCampaign(t, a.manager, map[string]any{"name": uniq("A's secret launch")})
	id, v := str(c, "id"), version(c)
	before := call(t, http.MethodGet, "/api/campaigns/"+id, a.manager.Access, nil).obj(t)
	cases := []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/api/campaigns/" + id, nil},
		{http.MethodPatch, "/api/campaigns/" + id, map[string]any{"name": "Pwned", "version": v}},
		{http.MethodPut, "/api/campaigns/" + id, map[string]any{"name": "Pwned", "version": v}},
		{http.MethodDelete, "/api/campaigns/" + id, nil},
		{http.MethodPost, "/api/campaigns/" + id + "/status", map[string]any{"status": "archived", "version": v}},
		{http.MethodGet, "/api/campaigns/" + id + "/summary", nil},
		{http.MethodGet, "/api/campaigns/" + id + "/history", nil},
	}
	for _, who := range []session{adminB, writerB} {
		for _, tc := range cases {
			if tc.method != http.MethodGet && who.Role == "content_writer" {
				continue // a writer's writes are 403 before any lookup
			}
			if r := call(t, tc.method, tc.path, who.Access, tc.body); r.status != http.StatusNotFound {
				t.Errorf("%s %s as company B %s: %s, want 404", tc.method, tc.path, who.Role, r)
			}
		}
	}
	after := call(t, http.MethodGet, "/api/campaigns/"+id, a.manager.Access, nil).obj(t)
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("A's campaign changed:\nbefore %v\nafter  %v", before, after)
	}
	for _, query := range []string{"", q("q", "secret"), q("company_id", a.id), q("owner_id", a.manager.ID), q("status", "draft")} {
		r := call(t, http.MethodGet, "/api/campaigns"+query, adminB.Access, nil)
		want(t, r, http.StatusOK)
		for _, row := range r.list(t) {
			if str(row, "company_id") != coB {
				t.Fatalf("B's list %q shows %v", query, row)
			}
		}
	}
	// B cannot create in A, nor name an A user as owner.
	want(t, call(t, http.MethodPost, "/api/campaigns", adminB.Access, map[string]any{"name": "In A", "company_id": a.id}), http.StatusForbidden)
	want(t, call(t, http.MethodPost, "/api/campaigns", adminB.Access, map[string]any{"name": "Owned by A", "owner_id": a.manager.ID}), http.StatusUnprocessableEntity)
	// The superadmin reaches A's campaign.
	want(t, call(t, http.MethodGet, "/api/campaigns/"+id, env.admin.Access, nil), http.StatusOK)
}
