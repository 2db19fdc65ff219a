package e2e

import (
	"net/http"
	"strings"
	"testing"
)

// editCase is one resource edited the way React Admin edits: it reads the
// record, changes one field and sends the whole record back.
type editCase struct {
	name  string
	setup func(t *testing.T) (s session, path string)
	field string
	// values are the new values for the PUT and the PATCH.
	values [2]any
	// putOnly: the resource has no PATCH.
	putOnly bool
}

// TestEditWholeRecord: for every resource, PUT and PATCH of the record as
// read with one field changed store the change; a field the resource does
// not have is still 422; a changed company_id is still refused and
// changes nothing.
func TestEditWholeRecord(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	cases := []editCase{
		{name: "companies", field: "description", values: [2]any{"first", "second"},
			setup: func(t *testing.T) (session, string) {
				id, _ := newCompany(t)
				return env.admin, "/api/companies/" + id
			}},
		{name: "users", field: "full_name", values: [2]any{"Renamed One", "Renamed Two"},
			setup: func(t *testing.T) (session, string) {
				u := newUser(t, co.id, "content_writer")
				return co.admin, "/api/users/" + u.ID
			}},
		{name: "tickets", field: "title", values: [2]any{"Edited title", "Patched title"},
			setup: func(t *testing.T) (session, string) {
				return co.manager, "/api/tickets/" + str(createTicket(t, co.manager, uniq("Edit me")), "id")
			}},
		{name: "campaigns", field: "name", values: [2]any{uniq("Edited"), uniq("Patched")},
			setup: func(t *testing.T) (session, string) {
				return co.manager, "/api/campaigns/" + str(createCampaign(t, co.manager, nil), "id")
			}},
		{name: "webhooks", field: "url", values: [2]any{"http://127.0.0.1:9/a", "http://127.0.0.1:9/b"},
			setup: func(t *testing.T) (session, string) {
				r := call(t, http.MethodPost, "/api/webhooks", co.admin.Access, map[string]any{
					"url": "http://127.0.0.1:9/start", "secret": "s3cret-s3cret-s3cret", "event_types": []string{"ticket.created"}})
				want(t, r, http.StatusOK)
				return co.admin, "/api/webhooks/" + str(r.obj(t), "id")
			}},
		{name: "knowledge chunks", field: "title", values: [2]any{"Edited chunk", "Patched chunk"},
			setup: func(t *testing.T) (session, string) {
				_, chunks := mustIngest(t, co.manager, uniq("edit"), "markdown", "# Edits\n\nReact Admin sends the whole record.")
				c, _ := chunks[0].(map[string]any)
				return co.manager, "/api/knowledge_chunks/" + str(c, "id")
			}},
		{name: "shopify integrations", field: "name", values: [2]any{"Edited shop", "Patched shop"},
			setup: func(t *testing.T) (session, string) {
				r := call(t, http.MethodPost, "/api/integrations", co.admin.Access, map[string]any{"kind": "shopify",
					"shop_domain": "edit-me.myshopify.com", "access_token": "shpat_edit"})
				want(t, r, http.StatusOK)
				return co.admin, "/api/integrations/" + str(r.obj(t), "id")
			}},
		{name: "wordpress integrations", field: "username", values: [2]any{"writer1", "writer2"},
			setup: func(t *testing.T) (session, string) {
				r := call(t, http.MethodPost, "/api/integrations", co.admin.Access, map[string]any{"kind": "wordpress",
					"site_url": fakeWP.URL, "username": "editor", "application_password": "edit edit edit"})
				want(t, r, http.StatusOK)
				return co.admin, "/api/integrations/" + str(r.obj(t), "id")
			}},
		{name: "llm budget", field: "requests_per_minute", values: [2]any{float64(40), float64(50)}, putOnly: true,
			setup: func(t *testing.T) (session, string) { return co.admin, "/api/llm/budget" }},
	}
	other, _ := newCompany(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, path := tc.setup(t)
			methods := []string{http.MethodPut, http.MethodPatch}
			if tc.putOnly {
				methods = methods[:1]
			}
			for i, method := range methods {
				rec := call(t, http.MethodGet, path, s.Access, nil).obj(t)
				rec[tc.field] = tc.values[i]
				r := call(t, method, path, s.Access, rec)
				want(t, r, http.StatusOK)
				if got := call(t, http.MethodGet, path, s.Access, nil).obj(t)[tc.field]; got != tc.values[i] {
					t.Fatalf("%s: stored %s = %v, want %v", method, tc.field, got, tc.values[i])
				}
			}
			rec := call(t, http.MethodGet, path, s.Access, nil).obj(t)
			rec["no_such_field"] = "x"
			r := call(t, http.MethodPut, path, s.Access, rec)
			want(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(string(r.body), `"no_such_field"`) {
				t.Fatalf("422 does not name the field: %s", r)
			}
			before := call(t, http.MethodGet, path, s.Access, nil).obj(t)
			if _, ok := before["company_id"]; !ok {
				return
			}
			rec = call(t, http.MethodGet, path, s.Access, nil).obj(t)
			rec["company_id"], rec[tc.field] = other, tc.values[0]
			for _, method := range methods {
				if r := call(t, method, path, s.Access, rec); r.ok() {
					t.Fatalf("%s with another company_id accepted: %s", method, r)
				}
			}
			after := call(t, http.MethodGet, path, s.Access, nil).obj(t)
			if after["company_id"] != before["company_id"] || after[tc.field] != before[tc.field] {
				t.Fatalf("refused edit changed the record: %v -> %v", before, after)
			}
		})
	}
}
