package edge_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestCORS(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	preflight := func(origin string) resp {
		return e.do(t, http.MethodOptions, "/api/users", "", "Origin: "+origin,
			"Access-Control-Request-Method: PATCH", "Access-Control-Request-Headers: authorization, content-type, if-match")
	}
	r := preflight(testOrigin)
	h := r.header
	if r.code != 204 || h.Get("Access-Control-Allow-Origin") != testOrigin || h.Get("Access-Control-Allow-Credentials") != "true" ||
		!strings.Contains(h.Get("Access-Control-Allow-Methods"), "PATCH") {
		t.Fatalf("allowed preflight: %d %v", r.code, h)
	}
	for _, want := range []string{"Authorization", "Content-Type", "If-Match"} {
		if !strings.Contains(h.Get("Access-Control-Allow-Headers"), want) {
			t.Errorf("Allow-Headers %q lacks %s", h.Get("Access-Control-Allow-Headers"), want)
		}
	}
	r = preflight("https://evil.example.com")
	if r.code != 400 || r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("disallowed preflight: %d %v", r.code, r.header)
	}
	auth := "Authorization: Bearer " + e.token(t)
	r = e.do(t, http.MethodGet, "/auth/me", "", auth, "Origin: "+testOrigin)
	if r.code != 200 || r.header.Get("Access-Control-Allow-Origin") != testOrigin {
		t.Fatalf("allowed simple request: %d %v", r.code, r.header)
	}
	r = e.do(t, http.MethodGet, "/auth/me", "", auth, "Origin: https://app.example.com.evil.io")
	if r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("disallowed origin got CORS headers: %v", r.header)
	}
}

func TestHealthAndReady(t *testing.T) {
	t.Parallel()
	up := newEnv(t, envOpts{})
	if r := up.do(t, http.MethodGet, "/healthz", ""); r.code != 200 || r.body != `{"status":"ok"}` {
		t.Fatalf("healthz: %d %s", r.code, r.body)
	}
	if r := up.do(t, http.MethodGet, "/readyz", ""); r.code != 200 {
		t.Fatalf("readyz with every backend up: %d %s", r.code, r.body)
	}
	down := newEnv(t, envOpts{usersDown: true})
	r := down.do(t, http.MethodGet, "/readyz", "")
	if r.code != 503 || r.body != `{"failed":["users"],"status":"unavailable"}` {
		t.Fatalf("readyz with users down: %d %s", r.code, r.body)
	}
	if r := down.do(t, http.MethodGet, "/healthz", ""); r.code != 200 {
		t.Fatalf("healthz is the process, not the backends: %d", r.code)
	}
	// A call to the down backend is a 503 that names no address.
	r = down.do(t, http.MethodGet, "/api/users/u1", "", "Authorization: Bearer "+down.token(t))
	if r.code != 503 || r.body != `{"detail":"Service unavailable"}` {
		t.Fatalf("call to a down backend: %d %s", r.code, r.body)
	}
}

func TestOpenAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	r := e.do(t, http.MethodGet, "/openapi.json", "")
	var doc struct {
		Swagger string                     `json:"swagger"`
		Paths   map[string]json.RawMessage `json:"paths"`
	}
	if r.code != 200 || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("got %d %v", r.code, r.header)
	}
	if err := json.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Swagger != "2.0" {
		t.Errorf("swagger = %q", doc.Swagger)
	}
	for _, p := range []string{"/api/users", "/auth/token", "/api/companies"} {
		if _, ok := doc.Paths[p]; !ok {
			t.Errorf("path %s missing", p)
		}
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	e.do(t, http.MethodGet, "/api/users/u1", "", "Authorization: Bearer "+e.token(t))
	e.do(t, http.MethodGet, "/api/users/u1", "")
	r := e.do(t, http.MethodGet, "/metrics", "")
	if r.code != 200 {
		t.Fatalf("got %d", r.code)
	}
	for _, want := range []string{
		`copydesk_http_requests_total{method="GET",route="/api/users/{id=*}",status="200"} 1`,
		`copydesk_http_requests_total{method="GET",route="/api/users/{id=*}",status="401"} 1`,
		`copydesk_http_request_duration_seconds_bucket{method="GET",route="/api/users/{id=*}"`,
		"go_goroutines ", "go_memstats_heap_alloc_bytes ", "process_resident_memory_bytes ", "process_open_fds ",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	logs := e.logs.String()
	if !strings.Contains(logs, `"route":"/api/users/{id=*}"`) || !strings.Contains(logs, `"request_id":`) {
		t.Errorf("request log lacks route or request id: %s", logs)
	}
}
