package edge

import (
	"net/http"

	"github.com/copydesk/copydesk/gateway/internal/console"
)

// withConsole serves the admin console (package console) at /admin and
// passes every other path on. The console is public: it is static files,
// and every API call it makes carries the user's token.
func withConsole(c *console.Handler, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !console.Matches(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if info := infoFrom(r.Context()); info != nil {
			info.route = console.Prefix
		}
		c.ServeHTTP(w, r)
	})
}
