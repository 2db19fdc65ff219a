package edge

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// slowRoute is a route prefix whose answers may take up to timeout (the
// backend's unary call timeout), longer than the server's write timeout.
type slowRoute struct {
	prefix  string
	timeout time.Duration
}

func slowRoutes(backends []Backend) []slowRoute {
	var out []slowRoute
	for _, b := range backends {
		for _, p := range b.RoutePrefixes {
			out = append(out, slowRoute{prefix: p, timeout: b.Timeout})
		}
	}
	return out
}

// liftWriteDeadline gives a slow route's response the time its backend may
// take, plus a margin to write the answer.
func (m *routeMiddleware) liftWriteDeadline(w http.ResponseWriter, pattern string) {
	for _, s := range m.slow {
		if strings.HasPrefix(pattern, s.prefix) {
			_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.timeout + 15*time.Second))
			return
		}
	}
}

// validUTF8 reports whether the decoded path and every query parameter are
// valid UTF-8. Protobuf strings must be, so such a value would otherwise
// fail only when the gateway marshals the gRPC request: a 500 for bad
// input.
func validUTF8(r *http.Request) bool {
	if !utf8.ValidString(r.URL.Path) {
		return false
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return true // grpc-gateway answers malformed queries itself
	}
	for k, vs := range q {
		if !utf8.ValidString(k) {
			return false
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return false
			}
		}
	}
	return true
}
