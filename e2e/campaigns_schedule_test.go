package e2e

import (
	"net/http"
	"testing"
	"time"
)

// TestCampaignSchedulerOverHTTP: a scheduled campaign becomes active at
// its start and completed after its end by itself (the service's
// scheduler, SCHEDULER_INTERVAL default 15s), each step in the history
// as automatic.
func TestCampaignSchedulerOverHTTP(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	start := time.Now().Add(2 * time.Second)
	c := createCampaign(t, co.manager, map[string]any{"start_at": rfc3339(start), "end_at": rfc3339(start.Add(2 * time.Second))})
	r := campaignStep(t, co.manager, c, "scheduled")
	want(t, r, http.StatusOK)
	id := str(c, "id")
	deadline := time.Now().Add(90 * time.Second)
	for {
		got := call(t, http.MethodGet, "/api/campaigns/"+id, co.writer.Access, nil).obj(t)
		if str(got, "status") == "completed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("campaign still %s after 90s", str(got, "status"))
		}
		time.Sleep(250 * time.Millisecond) // polling interval
	}
	r = call(t, http.MethodGet, "/api/campaigns/"+id+"/history", co.manager.Access, nil)
	want(t, r, http.StatusOK)
	var auto []string
	for _, h := range r.list(t) {
		if h["automatic"] == true {
			auto = append(auto, str(h, "from")+"→"+str(h, "to"))
			if str(h, "actor_id") != "" {
				t.Errorf("automatic entry with an actor: %v", h)
			}
		}
	}
	if len(auto) != 2 || auto[0] != "scheduled→active" || auto[1] != "active→completed" {
		t.Fatalf("automatic history: %v (%s)", auto, r)
	}
}
