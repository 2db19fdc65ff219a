package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCampaignRolesOverHTTP: managers (company_admin, content_manager)
// create, change, step and delete campaigns; writers only read; clients
// get 403 everywhere. Checks the JSON shapes a client sees on the way.
func TestCampaignRolesOverHTTP(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	for _, s := range []session{co.admin, co.manager} {
		c := createCampaign(t, s, map[string]any{"tags": []string{"launch"}})
		id := str(c, "id")
		if str(c, "status") != "draft" || version(c) != 1 || str(c, "owner_id") != s.ID || str(c, "company_id") != co.id ||
			num(c, "budget_cents") != 250000 || str(c, "currency") != "EUR" {
			t.Fatalf("new campaign (%s): %v", s.Role, c)
		}
		r := call(t, http.MethodPatch, "/api/campaigns/"+id, s.Access, map[string]any{"goal": "500 leads", "version": version(c)})
		want(t, r, http.StatusOK)
		c = r.obj(t)
		if str(c, "goal") != "500 leads" || version(c) != 2 {
			t.Fatalf("patched (%s): %v", s.Role, c)
		}
		want(t, campaignStep(t, s, c, "archived"), http.StatusOK)
		want(t, call(t, http.MethodDelete, "/api/campaigns/"+id, s.Access, nil), http.StatusOK)
		want(t, call(t, http.MethodGet, "/api/campaigns/"+id, s.Access, nil), http.StatusNotFound)
	}

	c := createCampaign(t, co.manager, nil)
	id := str(c, "id")
	// Writers read (item, list, history, summary) and change nothing.
	for _, path := range []string{"/api/campaigns/" + id, "/api/campaigns", "/api/campaigns/" + id + "/history", "/api/campaigns/" + id + "/summary"} {
		want(t, call(t, http.MethodGet, path, co.writer.Access, nil), http.StatusOK)
		want(t, call(t, http.MethodGet, path, co.client.Access, nil), http.StatusForbidden)
	}
	writes := []struct {
		method, path string
		body         any
	}{
		{http.MethodPost, "/api/campaigns", map[string]any{"name": "Nope"}},
		{http.MethodPatch, "/api/campaigns/" + id, map[string]any{"name": "Nope", "version": 1}},
		{http.MethodPut, "/api/campaigns/" + id, map[string]any{"name": "Nope", "version": 1}},
		{http.MethodPost, "/api/campaigns/" + id + "/status", map[string]any{"status": "archived", "version": 1}},
		{http.MethodDelete, "/api/campaigns/" + id, nil},
	}
	for _, s := range []session{co.writer, co.client} {
		for _, w := range writes {
			if r := call(t, w.method, w.path, s.Access, w.body); r.status != http.StatusForbidden {
				t.Errorf("%s %s as %s: %s, want 403", w.method, w.path, s.Role, r)
			}
		}
	}
	if got := call(t, http.MethodGet, "/api/campaigns/"+id, co.manager.Access, nil).obj(t); version(got) != 1 || str(got, "name") != str(c, "name") {
		t.Fatalf("refused writes changed the campaign: %v", got)
	}

	// Validation (422, FastAPI shape), illegal steps (409), stale and
	// missing versions, malformed ids.
	start := time.Now().Add(48 * time.Hour)
	r := call(t, http.MethodPost, "/api/campaigns", co.manager.Access, map[string]any{
		"name": "Bad", "start_at": rfc3339(start), "end_at": rfc3339(start.Add(-time.Hour)), "channels": []string{"fax"}, "budget_cents": 1.5})
	want(t, r, http.StatusUnprocessableEntity)
	checkValidation(t, r)
	for _, field := range []string{"end_at", "channels", "budget_cents"} {
		if !strings.Contains(string(r.body), field) {
			t.Errorf("422 does not name %s: %s", field, r.body)
		}
	}
	r = campaignStep(t, co.manager, c, "completed")
	want(t, r, http.StatusConflict)
	if d := str(r.obj(t), "detail"); !strings.Contains(d, "allowed: scheduled, archived") {
		t.Fatalf("409 detail: %q", d)
	}
	want(t, campaignStep(t, co.manager, c, "scheduled"), http.StatusUnprocessableEntity) // no dates yet
	want(t, call(t, http.MethodPatch, "/api/campaigns/"+id, co.manager.Access, map[string]any{"name": "x"}), http.StatusUnprocessableEntity)
	r = call(t, http.MethodPatch, "/api/campaigns/"+id, co.manager.Access, map[string]any{
		"version": 1, "start_at": rfc3339(start), "end_at": rfc3339(start.Add(72 * time.Hour)), "status": "scheduled"})
	want(t, r, http.StatusOK)
	if got := r.obj(t); str(got, "status") != "scheduled" || version(got) != 2 {
		t.Fatalf("schedule through PATCH: %v", got)
	}
	want(t, call(t, http.MethodPatch, "/api/campaigns/"+id, co.manager.Access, map[string]any{"name": "Late", "version": 1}), http.StatusConflict)
	want(t, call(t, http.MethodGet, "/api/campaigns/not-an-id", co.manager.Access, nil), http.StatusBadRequest)
	r = call(t, http.MethodGet, "/api/campaigns/"+id+"/history", co.manager.Access, nil)
	want(t, r, http.StatusOK)
	var actions []string
	for _, h := range r.list(t) {
		actions = append(actions, str(h, "action")+":"+str(h, "field"))
		if str(h, "actor_id") != co.manager.ID {
			t.Errorf("history actor: %v", h)
		}
	}
	if strings.Join(actions, " ") != "created:status updated:start_at updated:end_at status_changed:status" {
		t.Fatalf("history: %v", actions)
	}
	// Lists: filters and the {"data", "total"} shape with a numeric total.
	r = call(t, http.MethodGet, "/api/campaigns"+q("status", "scheduled,active", "channel", "email",
		"date_from", rfc3339(start.Add(24*time.Hour)), "date_to", rfc3339(start.Add(100*time.Hour))), co.writer.Access, nil)
	want(t, r, http.StatusOK)
	if rows := r.list(t); len(rows) != 1 || str(rows[0], "id") != id || num(r.obj(t), "total") != 1 {
		t.Fatalf("filtered list: %s", r)
	}
}
