package e2e

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestTicketWorkflowOverHTTP walks a ticket from request to publication
// with the role of each step, and checks refusals change nothing.
func TestTicketWorkflowOverHTTP(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	tk := createTicket(t, co.client, uniq("Spring launch"))
	id := str(tk, "id")
	if !strings.HasPrefix(str(tk, "number"), "T-") || str(tk, "status") != "open" || version(tk) != 1 {
		t.Fatalf("new ticket: %v", tk)
	}
	// Assign: managers only; the assignee must be of the company.
	r := call(t, http.MethodPost, "/api/tickets/"+id+"/assign", co.writer.Access, map[string]any{"user_id": co.writer.ID, "version": version(tk)})
	want(t, r, http.StatusForbidden)
	r = call(t, http.MethodPost, "/api/tickets/"+id+"/assign", co.manager.Access, map[string]any{"user_id": co.writer.ID, "version": version(tk)})
	want(t, r, http.StatusOK)
	tk = r.obj(t)
	if str(tk, "assignee_id") != co.writer.ID {
		t.Fatalf("assignee: %v", tk)
	}
	// Illegal step: 409 naming the allowed steps; wrong role: 403.
	r = step(t, co.manager, tk, "published")
	want(t, r, http.StatusConflict)
	if d := str(r.obj(t), "detail"); !strings.Contains(d, "Cannot move from open to published; allowed: in_progress, cancelled") {
		t.Fatalf("409 detail: %q", d)
	}
	want(t, step(t, co.client, tk, "in_progress"), http.StatusForbidden)
	// Missing and stale versions.
	r = call(t, http.MethodPost, "/api/tickets/"+id+"/status", co.writer.Access, map[string]any{"status": "in_progress"})
	want(t, r, http.StatusUnprocessableEntity)
	stale := map[string]any{"id": id, "version": float64(version(tk) - 1)}
	want(t, step(t, co.writer, stale, "in_progress"), http.StatusConflict)
	// The happy path.
	for _, s := range []struct {
		who session
		to  string
	}{{co.writer, "in_progress"}, {co.writer, "in_review"}, {co.client, "changes_requested"}, {co.writer, "in_progress"},
		{co.writer, "in_review"}, {co.client, "approved"}, {co.manager, "published"}, {co.manager, "closed"}} {
		r := step(t, s.who, tk, s.to)
		want(t, r, http.StatusOK)
		tk = r.obj(t)
		if str(tk, "status") != s.to {
			t.Fatalf("after step to %s: %v", s.to, tk)
		}
	}
	want(t, step(t, co.writer, tk, "open"), http.StatusForbidden)
	want(t, step(t, co.manager, tk, "cancelled"), http.StatusConflict)
	got := call(t, http.MethodGet, "/api/tickets/"+id, co.manager.Access, nil).obj(t)
	if str(got, "status") != "closed" || version(got) != version(tk) {
		t.Fatalf("refused steps changed the ticket: %v", got)
	}
	// History: every change, with who and from → to.
	r = call(t, http.MethodGet, "/api/tickets/"+id+"/history", co.client.Access, nil)
	want(t, r, http.StatusOK)
	hist := r.list(t)
	if len(hist) != 10 || str(hist[0], "action") != "created" || str(hist[1], "action") != "assigned" {
		t.Fatalf("history (%d): %v", len(hist), hist)
	}
	last := hist[len(hist)-1]
	if str(last, "from") != "published" || str(last, "to") != "closed" || str(last, "actor_id") != co.manager.ID {
		t.Fatalf("last history entry: %v", last)
	}
	// The client, a follower, was notified of the steps others took.
	r = call(t, http.MethodGet, "/api/notifications"+q("unread", "true"), co.client.Access, nil)
	want(t, r, http.StatusOK)
	if n := len(r.list(t)); n < 5 {
		t.Fatalf("client has %d unread notifications: %s", n, r)
	}
	want(t, call(t, http.MethodPost, "/api/notifications/read_all", co.client.Access, map[string]any{}), http.StatusOK)
	r = call(t, http.MethodGet, "/api/notifications"+q("unread", "true"), co.client.Access, nil)
	if n := len(r.list(t)); n != 0 {
		t.Fatalf("unread after read_all: %d", n)
	}
}

// TestTicketConcurrentStepsOverHTTP: of concurrent steps from the same
// version exactly one wins; the others get 409.
func TestTicketConcurrentStepsOverHTTP(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	tk := createTicket(t, co.manager, uniq("Race"))
	codes := make(chan int, 4)
	var wg sync.WaitGroup
	for _, to := range []string{"in_progress", "cancelled", "in_progress", "cancelled"} {
		wg.Go(func() {
			r, err := send(http.MethodPost, "/api/tickets/"+str(tk, "id")+"/status", co.manager.Access,
				map[string]any{"status": to, "version": version(tk)})
			if err != nil {
				t.Error(err)
				return
			}
			codes <- r.status
		})
	}
	wg.Wait()
	close(codes)
	wins := 0
	for c := range codes {
		switch c {
		case http.StatusOK:
			wins++
		case http.StatusConflict:
		default:
			t.Fatalf("unexpected status %d", c)
		}
	}
	if wins != 1 {
		t.Fatalf("%d concurrent steps won, want 1", wins)
	}
}
