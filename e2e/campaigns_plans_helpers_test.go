package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

// planCampaign is a campaign of co that started an hour ago and runs for
// 30 days, on blog and email.
func planCampaign(t *testing.T, co ticketsCo) map[string]any {
	t.Helper()
	now := time.Now().UTC()
	return createCampaign(t, co.manager, map[string]any{"goal": "Sell 500 pairs of boots", "audience": "city walkers",
		"start_at": rfc3339(now.Add(-time.Hour)), "end_at": rfc3339(now.Add(30 * 24 * time.Hour))})
}

// plansPath is the plans collection of campaign c, or one plan with its
// action.
func plansPath(c map[string]any, rest ...string) string {
	p := fmt.Sprintf("/api/campaigns/%s/plans", str(c, "id"))
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// pieces are a plan's pieces.
func pieces(t *testing.T, plan map[string]any) []map[string]any {
	t.Helper()
	raw, _ := plan["pieces"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, p := range raw {
		m, ok := p.(map[string]any)
		if !ok {
			t.Fatalf("piece %v", p)
		}
		out = append(out, m)
	}
	return out
}

// checkWindow fails unless every piece's target date lies in [from, c's
// end_at], its channel is one of c's and its type a ticket type.
func checkWindow(t *testing.T, c map[string]any, plan map[string]any, from time.Time) {
	t.Helper()
	end, err := time.Parse(time.RFC3339Nano, str(c, "end_at"))
	if err != nil {
		t.Fatalf("campaign end_at %q", str(c, "end_at"))
	}
	for _, pc := range pieces(t, plan) {
		at, err := time.Parse(time.RFC3339Nano, str(pc, "target_date"))
		if err != nil || at.Before(from) || at.After(end) {
			t.Errorf("piece %v: target_date outside [%s, %s]", pc, from, end)
		}
		if !slices.Contains([]string{"blog", "email"}, str(pc, "channel")) ||
			!slices.Contains([]string{"blog_post", "social_post", "email", "product_description", "other"}, str(pc, "type")) || str(pc, "title") == "" {
			t.Errorf("piece %v: channel, type or title", pc)
		}
	}
}

// campaignTickets lists the tickets of campaign c as s.
func campaignTickets(t *testing.T, s session, c map[string]any) []map[string]any {
	t.Helper()
	r := call(t, http.MethodGet, "/api/tickets?limit=100&campaign_id="+str(c, "id"), s.Access, nil)
	want(t, r, http.StatusOK)
	return r.list(t)
}
