package edge_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/gateway/internal/edge"
)

// Protobuf strings must be UTF-8: a bad byte in a path, query or form value
// is the client's mistake (422), never a 500 from marshaling the gRPC
// request, and the backend is not called.
func TestInvalidUTF8IsA422(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	auth := "Authorization: Bearer " + e.token(t)
	form := "Content-Type: application/x-www-form-urlencoded"
	cases := []struct {
		name, method, path, body string
		headers                  []string
	}{
		{"path id", http.MethodGet, "/api/users/%FF", "", []string{auth}},
		{"query value", http.MethodGet, "/api/users?q=%FF", "", []string{auth}},
		{"query key", http.MethodGet, "/api/users?%FF=1", "", []string{auth}},
		{"form value, no token needed", http.MethodPost, "/auth/token", "username=%FF&password=x", []string{form}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(t, c.method, c.path, c.body, c.headers...)
			if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "UTF-8") {
				t.Fatalf("got %d %s, want 422 naming UTF-8", r.code, r.body)
			}
		})
	}
	if n := len(e.calls.all()); n != 0 {
		t.Fatalf("backend called %d times", n)
	}
	if r := e.do(t, http.MethodGet, "/api/users?q=caf%C3%A9", "", auth); r.code != http.StatusOK {
		t.Fatalf("valid UTF-8 query refused: %d %s", r.code, r.body)
	}
}

func TestLLMRoutesOutlastTheDefaultDeadline(t *testing.T) {
	t.Parallel()
	// A completion may take 3 attempts of LLM_CALL_TIMEOUT (60s): the
	// edge's default 10s call deadline and 60s write timeout must not cut
	// it (e2e/llm_slow_test.go runs a real slow completion).
	for _, s := range edge.Services() {
		if s.Name == "llm" && (s.Timeout < 180*time.Second || len(s.RoutePrefixes) == 0) {
			t.Fatalf("llm timeout %v, prefixes %v", s.Timeout, s.RoutePrefixes)
		}
	}
}
