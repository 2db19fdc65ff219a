package edge

import (
	"net/http"
	"strconv"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
	"github.com/copydesk/copydesk/gateway/internal/idempotency"
	"github.com/copydesk/copydesk/pkg/principal"
)

// notReplayable are the POST routes an Idempotency-Key does not apply to:
// chat and completions answer with a stream (or its whole text) and
// create nothing, so the header is ignored there.
var notReplayable = map[string]bool{
	"POST " + pathChat: true, "POST " + pathChatStream: true,
	"POST " + pathCompletion: true, "POST " + pathCompletionStream: true,
}

// idempotencyKey returns the Idempotency-Key of an authenticated POST it
// applies to.
func idempotencyKey(r *http.Request, route string) (string, bool) {
	if r.Method != http.MethodPost || publicRoutes[route] || notReplayable[route] {
		return "", false
	}
	values := r.Header.Values(idempotency.Header)
	if len(values) == 0 {
		return "", false
	}
	if len(values) > 1 {
		return "", true // refused by Serve as malformed
	}
	return values[0], true
}

// idempotent serves a POST that carries an Idempotency-Key (package
// idempotency): the first request runs, a repeat gets its answer.
func (m *routeMiddleware) idempotent(w http.ResponseWriter, r *http.Request, key string, p principal.Principal, serve http.HandlerFunc) {
	if m.keys == nil {
		errorsx.WriteDetail(w, http.StatusNotImplemented, "Idempotency-Key is not supported by this gateway (it has no MONGO_URI)")
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	if problem := m.keys.Serve(w, r, key, p.CompanyID, p.UserID, body, serve); problem != nil {
		if problem.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(problem.RetryAfter))
		}
		errorsx.WriteDetail(w, problem.Status, problem.Detail)
	}
}
