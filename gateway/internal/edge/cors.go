package edge

import (
	"net/http"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
)

// CORS answers, for exactly the configured origins (never a wildcard: the
// browser sends credentials).
const (
	corsMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
	corsHeaders = "Authorization, Content-Type, If-Match, X-Request-Id"
	corsExpose  = "X-Request-Id, Retry-After, WWW-Authenticate"
	corsMaxAge  = "600"
)

type cors struct {
	origins map[string]bool
	next    http.Handler
}

func newCORS(origins []string, next http.Handler) http.Handler {
	c := &cors{origins: map[string]bool{}, next: next}
	for _, o := range origins {
		c.origins[o] = true
	}
	return c
}

func (c *cors) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" {
		c.next.ServeHTTP(w, r)
		return
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	allowed := c.origins[origin]
	preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
	if preflight {
		h.Add("Vary", "Access-Control-Request-Method")
		h.Add("Vary", "Access-Control-Request-Headers")
		if !allowed {
			errorsx.WriteDetail(w, http.StatusBadRequest, "Disallowed CORS origin")
			return
		}
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Allow-Methods", corsMethods)
		h.Set("Access-Control-Allow-Headers", corsHeaders)
		h.Set("Access-Control-Max-Age", corsMaxAge)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if allowed {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Expose-Headers", corsExpose)
	}
	c.next.ServeHTTP(w, r)
}
