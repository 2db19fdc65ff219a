package edge_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/errs"
)

func TestErrorMapping(t *testing.T) {
	t.Parallel()
	v := &errs.Validator{}
	v.Add("email", "value_error", "value is not a valid email address")
	v.Add("password", "string_too_short", "String should have at least 8 characters")
	userErrs := map[string]error{
		"notfound":    fmt.Errorf("user x: %w", errs.ErrNotFound),
		"conflict":    errs.New(errs.ErrConflict, "Email already registered"),
		"exists":      status.Error(codes.AlreadyExists, "Already exists"),
		"transition":  errs.New(errs.ErrInvalidTransition, "Cannot go from closed to review"),
		"forbidden":   errs.ErrPermissionDenied,
		"unauth":      errs.ErrUnauthenticated,
		"ratelimited": &errs.RateLimitedError{Msg: "Too many login attempts", RetryAfter: 90 * time.Second},
		"malformed":   errs.ErrMalformedID,
		"badrequest":  errs.New(errs.ErrBadRequest, "Unknown sort field"),
		"invalid":     v.Err(),
		"unavailable": status.Error(codes.Unavailable, "dial tcp 10.1.2.3:9002: connect: connection refused"),
		"deadline":    status.Error(codes.DeadlineExceeded, "deadline at db-0.internal"),
		"internal":    status.Error(codes.Internal, "mongo: server selection error at db-0.internal:27017 /srv/store.go:42"),
		"unknown":     errors.New("E11000 duplicate key error collection: copydesk_users.users"),
	}
	e := newEnv(t, envOpts{userErrs: userErrs})
	auth := "Authorization: Bearer " + e.token(t)
	tests := []struct {
		id, body, retryAfter string
		code                 int
		wwwAuth              bool
	}{
		{id: "notfound", code: 404, body: `{"detail":"Item not found"}`},
		{id: "conflict", code: 409, body: `{"detail":"Email already registered"}`},
		{id: "exists", code: 409, body: `{"detail":"Already exists"}`},
		{id: "transition", code: 409, body: `{"detail":"Cannot go from closed to review"}`},
		{id: "forbidden", code: 403, body: `{"detail":"Not enough permissions"}`},
		{id: "unauth", code: 401, body: `{"detail":"Could not validate credentials"}`, wwwAuth: true},
		{id: "ratelimited", code: 429, body: `{"detail":"Too many login attempts"}`, retryAfter: "90"},
		{id: "malformed", code: 400, body: `{"detail":"Malformed id"}`},
		{id: "badrequest", code: 400, body: `{"detail":"Unknown sort field"}`},
		{id: "invalid", code: 422, body: `{"detail":[` +
			`{"loc":["query","email"],"msg":"value is not a valid email address","type":"value_error"},` +
			`{"loc":["query","password"],"msg":"String should have at least 8 characters","type":"string_too_short"}]}`},
		{id: "unavailable", code: 503, body: `{"detail":"Service unavailable"}`, retryAfter: "1"},
		{id: "deadline", code: 504, body: `{"detail":"Gateway timeout"}`},
		{id: "internal", code: 500, body: `{"detail":"Internal server error"}`},
		{id: "unknown", code: 500, body: `{"detail":"Internal server error"}`},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			r := e.do(t, http.MethodGet, "/api/users/"+tc.id, "", auth)
			if r.code != tc.code || r.body != tc.body {
				t.Fatalf("got %d %s, want %d %s", r.code, r.body, tc.code, tc.body)
			}
			if got := r.header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type %q", got)
			}
			if got := r.header.Get("WWW-Authenticate"); (got == "Bearer") != tc.wwwAuth {
				t.Errorf("WWW-Authenticate %q", got)
			}
			if got := r.header.Get("Retry-After"); got != tc.retryAfter {
				t.Errorf("Retry-After %q, want %q", got, tc.retryAfter)
			}
			for k := range r.header {
				if strings.HasPrefix(strings.ToLower(k), "grpc-") {
					t.Errorf("gRPC header leaked: %s", k)
				}
			}
		})
	}
}

func TestRoutingErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	auth := "Authorization: Bearer " + e.token(t)
	tests := []struct {
		method, path string
		code         int
		body         string
	}{
		{http.MethodGet, "/api/nothing", 404, `{"detail":"Not Found"}`},
		{http.MethodGet, "/nothing", 404, `{"detail":"Not Found"}`},
		{http.MethodPost, "/api/users/u1", 405, `{"detail":"Method Not Allowed"}`},
		{http.MethodPost, "/healthz", 405, `{"detail":"Method Not Allowed"}`},
	}
	for _, tc := range tests {
		r := e.do(t, tc.method, tc.path, "", auth)
		if r.code != tc.code || r.body != tc.body {
			t.Errorf("%s %s: got %d %s, want %d %s", tc.method, tc.path, r.code, r.body, tc.code, tc.body)
		}
	}
}

func TestQueryParamErrorIs422(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	r := e.do(t, http.MethodGet, "/api/users?limit=abc", "", "Authorization: Bearer "+e.token(t))
	var body struct {
		Detail []struct {
			Loc  []string `json:"loc"`
			Type string   `json:"type"`
		} `json:"detail"`
	}
	if r.code != 422 || json.Unmarshal([]byte(r.body), &body) != nil || len(body.Detail) != 1 ||
		strings.Join(body.Detail[0].Loc, ".") != "query.limit" {
		t.Fatalf("got %d %s", r.code, r.body)
	}
	if n := e.called("ListUsers"); n != 0 {
		t.Errorf("backend called %d times", n)
	}
}

func TestListShape(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	r := e.do(t, http.MethodGet, "/api/users?limit=2&role=client", "", "Authorization: Bearer "+e.token(t))
	var body map[string]any
	if r.code != 200 || json.Unmarshal([]byte(r.body), &body) != nil {
		t.Fatalf("got %d %s", r.code, r.body)
	}
	if total, ok := body["total"].(float64); !ok || total != 2 {
		t.Errorf("total = %#v, want the number 2", body["total"])
	}
	data, _ := body["data"].([]any)
	if len(data) != 2 {
		t.Fatalf("data = %#v", body["data"])
	}
	u, _ := data[0].(map[string]any)
	if u["company_id"] != "c1" || u["created_at"] != "2024-05-01T12:00:00Z" || u["last_login_at"] != nil {
		t.Errorf("user = %v (want snake_case names, RFC 3339 times, unset fields null)", u)
	}
	if _, ok := u["last_login_at"]; !ok {
		t.Errorf("unpopulated field missing: %v", u)
	}
}
