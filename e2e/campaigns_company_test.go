package e2e

import (
	"net/http"
	"testing"
)

// TestCampaignsForAnUnknownCompany: a superadmin creates campaigns only
// for an existing company (422 on company_id otherwise).
func TestCampaignsForAnUnknownCompany(t *testing.T) {
	t.Parallel()
	id, _ := newCompany(t)
	for _, company := range []string{"no-such-company", "0123456789abcdef01234567"} {
		wantField(t, call(t, http.MethodPost, "/api/campaigns", env.admin.Access, map[string]any{"name": "Orphan", "company_id": company}), "company_id")
	}
	r := call(t, http.MethodPost, "/api/campaigns", env.admin.Access, map[string]any{"name": "For the company", "company_id": id})
	want(t, r, http.StatusOK)
	if got := str(r.obj(t), "company_id"); got != id {
		t.Fatalf("campaign went to %s, want %s", got, id)
	}
}
