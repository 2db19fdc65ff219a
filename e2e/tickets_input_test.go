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
// ids and clients may not set them; a campaign_id must be a live campaign
// of the ticket's company (another company's is 422 and nothing is stored
// or changed); due_at with clear_due_at is refused.
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
	wantField(t, call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": "X", "campaign_id": unknown}), "campaign_id")
	own := str(createCampaign(t, co.manager, nil), "id")
	foreign := str(createCampaign(t, newTicketsCo(t).manager, nil), "id")
	wantField(t, call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": "X", "campaign_id": foreign}), "campaign_id")
	linked := func() float64 { // A's tickets naming B's campaign
		r := call(t, http.MethodGet, "/api/tickets?campaign_id="+foreign, co.manager.Access, nil)
		want(t, r, http.StatusOK)
		return num(r.obj(t), "total")
	}
	if n := linked(); n != 0 {
		t.Fatalf("a ticket naming another company's campaign was stored (%v)", n)
	}
	tk := call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": "Linked", "campaign_id": own})
	want(t, tk, http.StatusOK)
	id := str(tk.obj(t), "id")
	patch := func(s session, body map[string]any) response {
		cur := call(t, http.MethodGet, "/api/tickets/"+id, s.Access, nil).obj(t)
		body["version"] = version(cur)
		return call(t, http.MethodPatch, "/api/tickets/"+id, s.Access, body)
	}
	for _, bad := range []string{foreign, unknown} {
		wantField(t, patch(co.manager, map[string]any{"campaign_id": bad, "title": "Moved"}), "campaign_id")
	}
	if cur := call(t, http.MethodGet, "/api/tickets/"+id, co.manager.Access, nil).obj(t); str(cur, "campaign_id") != own || str(cur, "title") != "Linked" || version(cur) != 1 {
		t.Fatalf("a refused PATCH changed the ticket: %v", cur)
	}
	if n := linked(); n != 0 {
		t.Fatalf("a ticket was moved to another company's campaign (%v)", n)
	}
	own2 := str(createCampaign(t, co.manager, nil), "id")
	want(t, patch(co.manager, map[string]any{"campaign_id": own2}), http.StatusOK)
	sum := call(t, http.MethodGet, "/api/campaigns/"+own2+"/summary", co.manager.Access, nil)
	want(t, sum, http.StatusOK)
	if n := num(sum.obj(t), "total_tickets"); n != 1 {
		t.Fatalf("summary of the linked campaign counts %v tickets, want 1: %s", n, sum)
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
