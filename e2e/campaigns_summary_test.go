package e2e

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestCampaignSummaryCountsRealTickets: the summary counts the tickets
// made through /api/tickets with the campaign's id (the campaigns service
// asks the tickets service over gRPC with the caller's identity): by
// status, overdue, done and progress; other campaigns' and deleted
// tickets do not count.
func TestCampaignSummaryCountsRealTickets(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	c := createCampaign(t, co.manager, nil)
	other := createCampaign(t, co.manager, nil)
	id := str(c, "id")
	ticket := func(campaign string, extra map[string]any) map[string]any {
		body := map[string]any{"title": uniq("Campaign piece"), "type": "blog_post", "campaign_id": campaign}
		for k, v := range extra {
			body[k] = v
		}
		r := call(t, http.MethodPost, "/api/tickets", co.manager.Access, body)
		want(t, r, http.StatusOK)
		return r.obj(t)
	}
	walk := func(tk map[string]any, steps ...string) {
		for _, to := range steps {
			r := step(t, co.manager, tk, to)
			want(t, r, http.StatusOK)
			tk = r.obj(t)
		}
	}
	ticket(id, map[string]any{"due_at": rfc3339(time.Now().Add(-48 * time.Hour))}) // open, overdue
	ticket(id, map[string]any{"due_at": rfc3339(time.Now().Add(48 * time.Hour))})  // open, on time
	walk(ticket(id, nil), "in_progress")
	walk(ticket(id, map[string]any{"due_at": rfc3339(time.Now().Add(-time.Hour))}), "in_progress", "in_review", "approved", "published") // done: not overdue
	walk(ticket(id, nil), "cancelled")
	gone := ticket(id, nil)
	want(t, call(t, http.MethodDelete, "/api/tickets/"+str(gone, "id"), co.manager.Access, nil), http.StatusOK)
	ticket(str(other, "id"), nil)

	for _, s := range []session{co.manager, co.writer, env.admin} {
		r := call(t, http.MethodGet, "/api/campaigns/"+id+"/summary", s.Access, nil)
		want(t, r, http.StatusOK)
		sum := r.obj(t)
		by, _ := sum["tickets_by_status"].(map[string]any)
		got := fmt.Sprintf("total=%v overdue=%v done=%v open=%v in_progress=%v published=%v cancelled=%v",
			sum["total_tickets"], sum["overdue_tickets"], sum["done_tickets"], by["open"], by["in_progress"], by["published"], by["cancelled"])
		if wantSum := "total=5 overdue=1 done=1 open=2 in_progress=1 published=1 cancelled=1"; got != wantSum {
			t.Fatalf("summary as %s: %s; want %s (%s)", s.Role, got, wantSum, r)
		}
		if p := num(sum, "progress"); p < 0.2499 || p > 0.2501 {
			t.Fatalf("progress %v, want 0.25 (1 done of 4 not cancelled)", p)
		}
		if str(sum, "campaign_id") != id || str(sum, "status") != "draft" {
			t.Fatalf("summary: %v", sum)
		}
	}
	r := call(t, http.MethodGet, "/api/campaigns/"+str(other, "id")+"/summary", co.manager.Access, nil)
	want(t, r, http.StatusOK)
	if num(r.obj(t), "total_tickets") != 1 {
		t.Fatalf("other campaign: %s", r)
	}
}
