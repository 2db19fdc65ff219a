package e2e

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// createCampaign creates a campaign as s (extra fields merged into the
// body) and returns it.
func createCampaign(t *testing.T, s session, extra map[string]any) map[string]any {
	t.Helper()
	body := map[string]any{"name": uniq("Campaign"), "channels": []string{"blog", "email"}, "budget_cents": 250000, "currency": "eur"}
	for k, v := range extra {
		body[k] = v
	}
	r := call(t, http.MethodPost, "/api/campaigns", s.Access, body)
	want(t, r, http.StatusOK)
	return r.obj(t)
}

// campaignStep posts a campaign status change with the campaign's version.
func campaignStep(t *testing.T, s session, c map[string]any, to string) response {
	t.Helper()
	return call(t, http.MethodPost, fmt.Sprintf("/api/campaigns/%s/status", str(c, "id")), s.Access,
		map[string]any{"status": to, "version": version(c), "note": "e2e"})
}

// rfc3339 formats t the way protojson reads timestamps.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// num is a JSON number field (0 when absent or not a number).
func num(m map[string]any, k string) float64 { f, _ := m[k].(float64); return f }
