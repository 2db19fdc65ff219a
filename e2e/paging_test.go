package e2e

import (
	"fmt"
	"net/http"
	"testing"
)

// TestPagingAndIDsAlike: every list of every service validates skip,
// limit, sort and order the same way (422 naming the field), and every
// malformed path id is a 400 — one layer (the transports) does both.
func TestPagingAndIDsAlike(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	tk := createTicket(t, co.client, "Paging")
	camp := createCampaign(t, co.manager, nil)
	// Each list with the paging parameters its request has.
	lists := []struct {
		path   string
		params []string
	}{
		{"/api/users", []string{"sort", "order"}}, {"/api/companies", []string{"sort", "order"}},
		{"/api/tickets", []string{"sort", "order"}}, {"/api/campaigns", []string{"sort", "order"}},
		{"/api/notifications", nil}, {"/api/webhooks", nil},
		{"/api/tickets/" + str(tk, "id") + "/comments", []string{"order"}},
		{"/api/tickets/" + str(tk, "id") + "/history", []string{"order"}},
		{"/api/campaigns/" + str(camp, "id") + "/history", []string{"order"}},
	}
	bad := map[string]string{"skip": "-1", "limit": "1001", "sort": "password_hash", "order": "sideways"}
	for _, list := range lists {
		for _, param := range append([]string{"skip", "limit"}, list.params...) {
			r := call(t, http.MethodGet, list.path+q(param, bad[param]), co.admin.Access, nil)
			wantField(t, r, param)
			checkValidation(t, r)
		}
		want(t, call(t, http.MethodGet, list.path+q("skip", "0", "limit", "1000"), co.admin.Access, nil), http.StatusOK)
	}
	for _, path := range []string{"/api/users/%s", "/api/companies/%s", "/api/tickets/%s", "/api/tickets/%s/comments",
		"/api/campaigns/%s", "/api/campaigns/%s/summary", "/api/webhooks/%s"} {
		r := call(t, http.MethodGet, fmt.Sprintf(path, "not-an-id"), co.admin.Access, nil)
		want(t, r, http.StatusBadRequest)
		checkDetail(t, r)
	}
}
