package e2e

import (
	"fmt"
	"net/http"
	"testing"
)

// ticketsCo is a company with one user of each role that works on tickets.
type ticketsCo struct {
	id                                      string
	admin, manager, writer, client, client2 session
}

func newTicketsCo(t *testing.T) ticketsCo {
	t.Helper()
	id, _ := newCompany(t)
	return ticketsCo{
		id:      id,
		admin:   newSession(t, id, "company_admin"),
		manager: newSession(t, id, "content_manager"),
		writer:  newSession(t, id, "content_writer"),
		client:  newSession(t, id, "client"),
		client2: newSession(t, id, "client"),
	}
}

// createTicket creates a ticket as s and returns it.
func createTicket(t *testing.T, s session, title string) map[string]any {
	t.Helper()
	r := call(t, http.MethodPost, "/api/tickets", s.Access, map[string]any{"title": title, "type": "blog_post", "tags": []string{"spring"}})
	want(t, r, http.StatusOK)
	return r.obj(t)
}

// version is a ticket's version as a JSON number.
func version(tk map[string]any) int {
	v, _ := tk["version"].(float64)
	return int(v)
}

// step posts a status change with the ticket's version.
func step(t *testing.T, s session, tk map[string]any, to string) response {
	t.Helper()
	return call(t, http.MethodPost, fmt.Sprintf("/api/tickets/%s/status", str(tk, "id")), s.Access,
		map[string]any{"status": to, "note": "e2e", "version": version(tk)})
}
