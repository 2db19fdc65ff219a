package console_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/gateway/internal/console"
)

func built(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"index.html":          "<!doctype html><title>console</title>",
		"assets/index-ab.js":  "console.log(1)",
		"favicon.ico":         "icon",
		"assets/sub/deep.css": "body{}",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A secret beside the console must never be reachable.
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.txt"), []byte("s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func get(h http.Handler, method, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "http://gw"+"/", nil)
	req.URL.Path = target // raw, as a hostile client may send it
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestServesFilesAndFallsBackToIndex(t *testing.T) {
	t.Parallel()
	h := console.New(built(t))
	for _, tc := range []struct {
		path, body, cache string
		code              int
	}{
		{"/admin/", "<title>console</title>", "no-cache", 200},
		{"/admin/assets/index-ab.js", "console.log(1)", "immutable", 200},
		{"/admin/assets/sub/deep.css", "body{}", "immutable", 200},
		{"/admin/favicon.ico", "icon", "no-cache", 200},
		// The app's routes (reload, deep link) get the app.
		{"/admin/tickets", "<title>console</title>", "no-cache", 200},
		{"/admin/tickets/abc/show/history", "<title>console</title>", "no-cache", 200},
		{"/admin/assets", "<title>console</title>", "no-cache", 200},
		// A missing file is a 404, not the app in its place.
		{"/admin/assets/gone-12.js", `{"detail":"Not Found"}`, "", 404},
		{"/admin/../secret.txt", `{"detail":"Not Found"}`, "", 404},
		{"/admin/assets/../../secret.txt", `{"detail":"Not Found"}`, "", 404},
	} {
		w := get(h, http.MethodGet, tc.path)
		if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.body) || !strings.Contains(w.Header().Get("Cache-Control"), tc.cache) {
			t.Errorf("GET %s: %d %v %q; want %d %q cache %q", tc.path, w.Code, w.Header(), w.Body.String(), tc.code, tc.body, tc.cache)
		}
		if strings.Contains(w.Body.String(), "s3cret") {
			t.Errorf("GET %s leaked a file outside the console", tc.path)
		}
	}
	w := get(h, http.MethodGet, "/admin/")
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || w.Header().Get("X-Frame-Options") != "DENY" {
		t.Errorf("index.html lacks its security headers: %v", w.Header())
	}
	if w := get(h, http.MethodGet, "/admin"); w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/admin/" {
		t.Errorf("GET /admin: %d %v", w.Code, w.Header())
	}
	if w := get(h, http.MethodHead, "/admin/"); w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("HEAD /admin/: %d %q", w.Code, w.Body.String())
	}
	if w := get(h, http.MethodPost, "/admin/"); w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /admin/: %d %v", w.Code, w.Header())
	}
}

func TestNotBuilt(t *testing.T) {
	t.Parallel()
	for name, h := range map[string]*console.Handler{
		"no setting":   console.New(""),
		"missing dir":  console.New(filepath.Join(t.TempDir(), "nope")),
		"empty folder": console.New(t.TempDir()),
	} {
		if h.Built() {
			t.Errorf("%s: Built() = true", name)
		}
		w := get(h, http.MethodGet, "/admin/")
		if w.Code != 404 || !strings.Contains(w.Body.String(), "Admin console not built") || !strings.Contains(w.Body.String(), "ADMIN_DIR") {
			t.Errorf("%s: %d %s", name, w.Code, w.Body.String())
		}
	}
}

func TestMatches(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{"/admin": true, "/admin/": true, "/admin/x": true, "/administrators": false, "/api/admin": false, "/": false} {
		if console.Matches(p) != want {
			t.Errorf("Matches(%q) = %v", p, !want)
		}
	}
}
