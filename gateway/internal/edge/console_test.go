package edge_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The console is served at /admin beside the API, counted under one route,
// and says how to build it when it is not built.
func TestConsoleBesideTheAPI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<title>Copydesk admin</title>"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, envOpts{adminDir: dir})
	for _, p := range []string{"/admin/", "/admin/tickets/42/show"} {
		if r := e.do(t, http.MethodGet, p, ""); r.code != 200 || !strings.Contains(r.body, "Copydesk admin") {
			t.Errorf("GET %s: %d %q", p, r.code, r.body)
		}
	}
	if r := e.do(t, http.MethodGet, "/api/users/u1", ""); r.code != 401 {
		t.Errorf("the API behind the console needs a token: %d", r.code)
	}
	if r := e.do(t, http.MethodGet, "/administrators", ""); r.code != 404 || strings.Contains(r.body, "Copydesk admin") {
		t.Errorf("/administrators is not the console: %d %q", r.code, r.body)
	}
	if r := e.do(t, http.MethodGet, "/metrics", ""); !strings.Contains(r.body, `route="/admin",status="200"} 2`) {
		t.Errorf("console requests not counted under /admin:\n%s", r.body)
	}

	bare := newEnv(t, envOpts{})
	r := bare.do(t, http.MethodGet, "/admin/", "")
	if r.code != 404 || !strings.Contains(r.body, "Admin console not built") || strings.Contains(r.body, dir) {
		t.Fatalf("unbuilt console: %d %s", r.code, r.body)
	}
}
