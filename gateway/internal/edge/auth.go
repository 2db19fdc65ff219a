package edge

import (
	"mime"
	"net/http"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
	"github.com/copydesk/copydesk/gateway/internal/idempotency"
	"github.com/copydesk/copydesk/gateway/internal/marshal"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Routes (method + grpc-gateway pattern) reachable without a token, and
// the one that takes an OAuth2 form. Everything else needs a bearer JWT.
const (
	routeToken   = "POST /auth/token"
	routeRefresh = "POST /auth/refresh"
)

var publicRoutes = map[string]bool{routeToken: true, routeRefresh: true}

// routeMiddleware runs after grpc-gateway matched a route (so unknown paths
// are a 404 and wrong methods a 405 whoever asks). It authenticates the
// caller, enforces the form-only token endpoint, and marks /auth answers
// no-store.
type routeMiddleware struct {
	verifier Verifier
	slow     []slowRoute
	edits    map[string]*editRoute
	// mux is the grpc-gateway mux this middleware runs in (set once it
	// exists); an edit reads the stored record through it.
	mux http.Handler
	// keys serves Idempotency-Key (nil: the gateway has no database).
	keys *idempotency.Keys
	// limits and the buckets per user and per client address (limits.go)
	limits       Limits
	users, addrs *buckets
}

func (m *routeMiddleware) wrap(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
		pattern := "unmatched"
		if p, ok := runtime.HTTPPattern(r.Context()); ok {
			pattern = p.String()
		}
		route := r.Method + " " + pattern
		info := infoFrom(r.Context())
		if info != nil {
			info.route = pattern
		}
		if route == routeToken {
			ow := newOAuthAnswer(w)
			defer ow.flush()
			w = ow
		}
		if strings.HasPrefix(pattern, "/auth/") {
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Pragma", "no-cache")
		}
		if !validUTF8(r) {
			errorsx.WriteViolations(w, []errorsx.Violation{{
				Loc: []string{"query"}, Msg: "Path and query parameters must be valid UTF-8", Type: "string_unicode",
			}})
			return
		}
		m.liftWriteDeadline(w, pattern)
		ctx := withStreamIdle(r.Context(), m.limits.StreamIdle)
		addr := clientAddr(r, m.limits.TrustedProxies)
		if info != nil {
			info.clientAddr = addr
		}
		if publicRoutes[route] && !allow(w, m.addrs, addr) {
			return
		}
		var p principal.Principal
		if !publicRoutes[route] {
			var msg string
			var ok bool
			p, msg, ok = m.authenticate(r)
			if !ok {
				if allow(w, m.addrs, addr) { // bad tokens count against the address
					errorsx.WriteUnauthorized(w, msg)
				}
				return
			}
			if !allow(w, m.users, p.UserID) {
				return
			}
			ctx = principal.With(ctx, p)
			if info != nil {
				info.userID, info.companyID = p.UserID, p.CompanyID
			}
		}
		if !checkBodyType(w, r, route) {
			return
		}
		r = r.WithContext(ctx)
		serve := func(w http.ResponseWriter, r *http.Request) {
			// An edit reads the stored record as the caller, with the
			// caller's header (stripReadOnly); then the header goes: it is
			// not forwarded, grpcclient sends the verified principal's
			// token.
			if m.stripReadOnly(w, r, route) {
				r.Header.Del("Authorization")
				next(w, r, params)
			}
		}
		if key, ok := idempotencyKey(r, route); ok {
			m.idempotent(w, r, key, p, serve)
			return
		}
		serve(w, r)
	}
}

// authenticate verifies "Authorization: Bearer <jwt>" (user audience only).
func (m *routeMiddleware) authenticate(r *http.Request) (principal.Principal, string, bool) {
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		return principal.Principal{}, errorsx.MsgNotAuthenticated, false
	}
	scheme, token, found := strings.Cut(strings.TrimSpace(values[0]), " ")
	if len(values) > 1 || !found || !strings.EqualFold(scheme, "Bearer") {
		return principal.Principal{}, errorsx.MsgNotAuthenticated, false
	}
	p, err := m.verifier.Verify(strings.TrimSpace(token))
	if err != nil {
		return principal.Principal{}, errorsx.MsgBadCredentials, false
	}
	return p, "", true
}

// checkBodyType enforces that POST /auth/token is an OAuth2 form with the
// credentials in the body (a query string is refused, 400; a non-form body
// is 422, as FastAPI answers for a missing form), and that every other
// route's body is declared application/json: any other content type, or
// none, is 415 and the body is not parsed.
func checkBodyType(w http.ResponseWriter, r *http.Request, route string) bool {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if route == routeToken {
		if r.URL.RawQuery != "" {
			errorsx.WriteDetail(w, http.StatusBadRequest, "Credentials must be sent in the request body, not in the query string")
			return false
		}
		if mediaType != marshal.MIMEForm {
			errorsx.WriteViolations(w, []errorsx.Violation{{
				Loc: []string{"body"}, Msg: "Form data (application/x-www-form-urlencoded) is required", Type: "form_required",
			}})
			return false
		}
		return true
	}
	if isUploadPath(r) {
		if mediaType != "multipart/form-data" {
			errorsx.WriteDetail(w, http.StatusUnsupportedMediaType, "Unsupported media type: send the file as multipart/form-data")
			return false
		}
		return true
	}
	if hasBody(r) && mediaType != marshal.MIMEJSON {
		errorsx.WriteDetail(w, http.StatusUnsupportedMediaType, "Unsupported media type: send the body as application/json")
		return false
	}
	return true
}

// hasBody reports whether a request carries a body (declared or chunked).
func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || (r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody)
}
