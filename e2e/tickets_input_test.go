package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// wantField asserts a 422 naming field.
func wantField(t *testing.T, r response, field string) {
	t.Helper()
	want(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(string(r.body), `"`+field+`"`) {
		t.Fatalf("422 does not name %s: %s", field, r.body)
	}
}

// TestTicketsCompanyAndReferences: a superadmin creates tickets and
// webhooks only for an existing company; campaign_id and agent_id must be
// ids and clients may not set them; due_at with clear_due_at is refused.
func TestTicketsCompanyAndReferences(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	const unknown = "0123456789abcdef01234567"
	for _, company := range []string{"no-such-company", unknown} {
		wantField(t, call(t, http.MethodPost, "/api/tickets", env.admin.Access, map[string]any{"title": "Orphan", "company_id": company}), "company_id")
		wantField(t, call(t, http.MethodPost, "/api/webhooks", env.admin.Access, map[string]any{
			"url": "https://1.1.1.1/hook", "secret": "0123456789abcdef0123", "company_id": company}), "company_id")
	}
	r := call(t, http.MethodPost, "/api/tickets", env.admin.Access, map[string]any{"title": "For the company", "company_id": co.id})
	want(t, r, http.StatusOK)
	if got := str(r.obj(t), "company_id"); got != co.id {
		t.Fatalf("superadmin's ticket went to %s, want %s", got, co.id)
	}

	wantField(t, call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": "X", "campaign_id": "nonsense"}), "campaign_id")
	wantField(t, call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": "X", "agent_id": "nonsense"}), "agent_id")
	want(t, call(t, http.MethodPost, "/api/tickets", co.client.Access, map[string]any{"title": "X", "campaign_id": unknown}), http.StatusForbidden)
	tk := call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": "Linked", "campaign_id": unknown})
	want(t, tk, http.StatusOK) // existence is not checked, only the shape
	id := str(tk.obj(t), "id")
	patch := func(s session, body map[string]any) response {
		cur := call(t, http.MethodGet, "/api/tickets/"+id, s.Access, nil).obj(t)
		body["version"] = version(cur)
		return call(t, http.MethodPatch, "/api/tickets/"+id, s.Access, body)
	}
	wantField(t, patch(co.manager, map[string]any{"agent_id": "nonsense"}), "agent_id")
	due := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
	wantField(t, patch(co.manager, map[string]any{"due_at": due, "clear_due_at": true}), "clear_due_at")
	want(t, patch(co.manager, map[string]any{"due_at": due}), http.StatusOK)
	r = call(t, http.MethodGet, "/api/tickets/"+id, co.manager.Access, nil)
	if got := str(r.obj(t), "due_at"); got == "" {
		t.Fatalf("due_at not set: %s", r.body)
	}
}
