package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestControlCharactersRefused: a NUL or an escape in any text field of
// any service is a 422 naming the field, and nothing is stored; newline
// and tab are text.
func TestControlCharactersRefused(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	tk := createTicket(t, co.manager, uniq("Hygiene"))
	tid := str(tk, "id")
	cases := []struct {
		name, method, path, field string
		s                         session
		body                      map[string]any
	}{
		{"ticket title", http.MethodPost, "/api/tickets", "title", co.manager, map[string]any{"title": "Nul\x00title", "type": "blog_post"}},
		{"ticket tags", http.MethodPost, "/api/tickets", "tags", co.manager, map[string]any{"title": "ok", "type": "blog_post", "tags": []string{"a\x1b[31m"}}},
		{"comment", http.MethodPost, "/api/tickets/" + tid + "/comments", "body", co.manager, map[string]any{"body": "hi\x00"}},
		{"company name", http.MethodPost, "/api/companies", "name", env.admin, map[string]any{"name": "Co\x07"}},
		{"user full name", http.MethodPatch, "/api/users/" + co.writer.ID, "full_name", co.admin, map[string]any{"full_name": "Bell\x07"}},
		{"campaign name", http.MethodPost, "/api/campaigns", "name", co.manager, map[string]any{"name": "Camp\x00"}},
	}
	for _, tc := range cases {
		r := call(t, tc.method, tc.path, tc.s.Access, tc.body)
		want(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.body), `"`+tc.field) {
			t.Errorf("%s: 422 does not name %s: %s", tc.name, tc.field, r)
		}
	}
	if n := len(call(t, http.MethodGet, "/api/tickets/"+tid+"/comments", co.manager.Access, nil).list(t)); n != 0 {
		t.Errorf("%d comments stored", n)
	}
	r := call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": "ok", "description": "line one\n\tindented\r\nline two", "type": "blog_post"})
	want(t, r, http.StatusOK)
}

// TestMalformedIDsAndMediaTypes: malformed ids in list filters and in a
// follower path are 400 like any malformed id; a JSON body that is not
// declared application/json is 415 and not parsed.
func TestMalformedIDsAndMediaTypes(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	tk := createTicket(t, co.manager, uniq("Ids"))
	for _, path := range []string{
		"/api/tickets?assignee_id=x", "/api/tickets?campaign_id=..%2F..%2Fetc", "/api/tickets?created_by=zz",
		"/api/campaigns?owner_id=x", "/api/knowledge_chunks?source_id=x", "/api/knowledge_chunks?agent_id=1",
	} {
		want(t, call(t, http.MethodGet, path, co.manager.Access, nil), http.StatusBadRequest)
	}
	want(t, call(t, http.MethodDelete, fmt.Sprintf("/api/tickets/%s/followers/x", str(tk, "id")), co.manager.Access, nil), http.StatusBadRequest)

	body := `{"title":"Sent as text","type":"blog_post"}`
	for _, ct := range []string{"text/plain", ""} {
		req, err := http.NewRequest(http.MethodPost, env.url+"/api/tickets", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		req.Header.Set("Authorization", "Bearer "+co.manager.Access)
		resp, err := httpClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("Content-Type %q: %d, want 415", ct, resp.StatusCode)
		}
	}
	if n := adminCount(t, "/api/tickets"+q("company_id", co.id, "q", "Sent as text")); n != 0 {
		t.Errorf("%d tickets created from non-JSON bodies", n)
	}
}
