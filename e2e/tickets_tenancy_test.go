package e2e

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

// TestTicketTenantIsolation: company B's staff get 404 on every ticket
// endpoint with a company A id, A's ticket does not change, and B's lists
// never show it.
func TestTicketTenantIsolation(t *testing.T) {
	t.Parallel()
	a := newTicketsCo(t)
	coB, _ := newCompany(t)
	adminB := newSession(t, coB, "company_admin")
	managerB := newSession(t, coB, "content_manager")
	tk := createTicket(t, a.client, uniq("A's secret brief"))
	id := str(tk, "id")
	v := version(tk)
	before := call(t, http.MethodGet, "/api/tickets/"+id, a.manager.Access, nil).obj(t)
	cases := []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/api/tickets/" + id, nil},
		{http.MethodPatch, "/api/tickets/" + id, map[string]any{"title": "Pwned", "version": v}},
		{http.MethodPut, "/api/tickets/" + id, map[string]any{"title": "Pwned", "version": v}},
		{http.MethodDelete, "/api/tickets/" + id, nil},
		{http.MethodPost, "/api/tickets/" + id + "/status", map[string]any{"status": "cancelled", "version": v}},
		{http.MethodPost, "/api/tickets/" + id + "/assign", map[string]any{"user_id": managerB.ID, "version": v}},
		{http.MethodPost, "/api/tickets/" + id + "/archive", map[string]any{"version": v}},
		{http.MethodPost, "/api/tickets/" + id + "/unarchive", map[string]any{"version": v}},
		{http.MethodGet, "/api/tickets/" + id + "/followers", nil},
		{http.MethodPost, "/api/tickets/" + id + "/followers", map[string]any{}},
		{http.MethodDelete, "/api/tickets/" + id + "/followers/" + a.client.ID, nil},
		{http.MethodGet, "/api/tickets/" + id + "/comments", nil},
		{http.MethodPost, "/api/tickets/" + id + "/comments", map[string]any{"body": "hello from B"}},
		{http.MethodGet, "/api/tickets/" + id + "/history", nil},
	}
	for _, who := range []session{adminB, managerB} {
		for _, c := range cases {
			if r := call(t, c.method, c.path, who.Access, c.body); r.status != http.StatusNotFound {
				t.Errorf("%s %s as company B %s: %s, want 404", c.method, c.path, who.Role, r)
			}
		}
	}
	after := call(t, http.MethodGet, "/api/tickets/"+id, a.manager.Access, nil).obj(t)
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("A's ticket changed:\nbefore %v\nafter  %v", before, after)
	}
	if r := call(t, http.MethodGet, "/api/tickets/"+id+"/comments", a.manager.Access, nil); len(r.list(t)) != 0 {
		t.Fatalf("B's comment landed: %s", r)
	}
	for _, query := range []string{"", q("archived", "true"), q("q", "secret"), q("company_id", a.id), q("created_by", a.client.ID)} {
		r := call(t, http.MethodGet, "/api/tickets"+query, managerB.Access, nil)
		want(t, r, http.StatusOK)
		for _, row := range r.list(t) {
			if str(row, "company_id") != coB {
				t.Fatalf("B's list %q shows %v", query, row)
			}
		}
	}
	// A's notification and webhook are invisible to B.
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/comments", a.manager.Access, map[string]any{"body": "note"}), http.StatusOK)
	r := call(t, http.MethodGet, "/api/notifications", a.client.Access, nil)
	notes := r.list(t)
	if len(notes) == 0 {
		t.Fatalf("client not notified of the comment: %s", r)
	}
	want(t, call(t, http.MethodPost, fmt.Sprintf("/api/notifications/%s/read", str(notes[0], "id")), managerB.Access, map[string]any{}), http.StatusNotFound)
	hook := call(t, http.MethodPost, "/api/webhooks", a.admin.Access, map[string]any{"url": "https://1.1.1.1/hook", "secret": "0123456789abcdef0123"})
	want(t, hook, http.StatusOK)
	h := hook.obj(t)
	if _, leaked := h["secret"]; leaked || h["has_secret"] != true {
		t.Fatalf("webhook answer: %v", h)
	}
	want(t, call(t, http.MethodGet, "/api/webhooks/"+str(h, "id"), adminB.Access, nil), http.StatusNotFound)
	want(t, call(t, http.MethodDelete, "/api/webhooks/"+str(h, "id"), adminB.Access, nil), http.StatusNotFound)
	want(t, call(t, http.MethodGet, "/api/webhooks/"+str(h, "id"), a.manager.Access, nil), http.StatusForbidden)
	want(t, call(t, http.MethodPost, "/api/webhooks", a.admin.Access, map[string]any{"url": "http://169.254.169.254/latest", "secret": "0123456789abcdef0123"}), http.StatusUnprocessableEntity)
	// A malformed id is a 400.
	want(t, call(t, http.MethodGet, "/api/tickets/not-an-id", a.manager.Access, nil), http.StatusBadRequest)
}

// TestTicketClientView: a client sees only the tickets it created or
// follows, and cannot take staff steps.
func TestTicketClientView(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	mine := createTicket(t, co.client, uniq("Mine"))
	internal := createTicket(t, co.manager, uniq("Internal"))
	others := createTicket(t, co.client2, uniq("Other client's"))
	ids := func(s session) map[string]bool {
		r := call(t, http.MethodGet, "/api/tickets", s.Access, nil)
		want(t, r, http.StatusOK)
		out := map[string]bool{}
		for _, row := range r.list(t) {
			out[str(row, "id")] = true
		}
		return out
	}
	if got := ids(co.client); len(got) != 1 || !got[str(mine, "id")] {
		t.Fatalf("client list: %v", got)
	}
	for _, tk := range []map[string]any{internal, others} {
		want(t, call(t, http.MethodGet, "/api/tickets/"+str(tk, "id"), co.client.Access, nil), http.StatusNotFound)
		want(t, call(t, http.MethodGet, "/api/tickets/"+str(tk, "id")+"/comments", co.client.Access, nil), http.StatusNotFound)
	}
	want(t, call(t, http.MethodDelete, "/api/tickets/"+str(mine, "id"), co.client.Access, nil), http.StatusForbidden)
	want(t, call(t, http.MethodPost, "/api/tickets/"+str(mine, "id")+"/archive", co.client.Access, map[string]any{"version": version(mine)}), http.StatusForbidden)
	want(t, call(t, http.MethodGet, "/api/webhooks", co.client.Access, nil), http.StatusForbidden)
	// Following makes a ticket visible.
	r := call(t, http.MethodPost, "/api/tickets/"+str(internal, "id")+"/followers", co.manager.Access, map[string]any{"user_id": co.client.ID})
	want(t, r, http.StatusOK)
	if got := ids(co.client); len(got) != 2 || !got[str(internal, "id")] {
		t.Fatalf("client list after follow: %v", got)
	}
	// Staff see the whole company.
	if got := ids(co.writer); len(got) != 3 {
		t.Fatalf("writer list: %v", got)
	}
}
