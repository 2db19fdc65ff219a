package edge_test

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
)

func TestBodyDecoding(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	auth := "Authorization: Bearer " + e.token(t)
	jsonCT := "Content-Type: application/json"
	tests := []struct {
		name, body, ct string
		code           int
		want           string
	}{
		{"unknown field role", `{"email":"a@b.c","role":"content_writer","is_admin":true}`, jsonCT, 422,
			`{"detail":[{"loc":["body","is_admin"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]}`},
		{"malformed JSON", `{"email":`, jsonCT, 422,
			`{"detail":[{"loc":["body"],"msg":"JSON decode error","type":"json_invalid"}]}`},
		{"trailing garbage", `{"email":"a@b.c"} x`, jsonCT, 422,
			`{"detail":[{"loc":["body"],"msg":"JSON decode error","type":"json_invalid"}]}`},
		{"operator injection", `{"email":{"$ne":null}}`, jsonCT, 422,
			`{"detail":[{"loc":["body","email"],"msg":"Input should be a valid string","type":"string_type"}]}`},
		{"wrong type, camelCase name reported as sent", `{"full_name":12}`, jsonCT, 422,
			`{"detail":[{"loc":["body","full_name"],"msg":"Input should be a valid string","type":"string_type"}]}`},
		{"not an object", `[1,2]`, jsonCT, 422,
			`{"detail":[{"loc":["body"],"msg":"JSON decode error","type":"json_invalid"}]}`},
		{"form on a JSON route", `email=a@b.c`, "Content-Type: application/x-www-form-urlencoded", 415,
			`{"detail":"Unsupported media type: send the body as application/json"}`},
		{"JSON as text/plain", `{"email":"a@b.c","company_id":"c1"}`, "Content-Type: text/plain", 415,
			`{"detail":"Unsupported media type: send the body as application/json"}`},
		{"JSON without a content type", `{"email":"a@b.c","company_id":"c1"}`, "X-No-Content-Type: 1", 415,
			`{"detail":"Unsupported media type: send the body as application/json"}`},
		{"oversize body", `{"full_name":"` + strings.Repeat("x", 5000) + `"}`, jsonCT, 413,
			`{"detail":"Request body too large"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, http.MethodPost, "/api/users", tc.body, auth, tc.ct)
			// protojson varies its spacing on purpose: compare values.
			if r.code != tc.code || !jsonEqual(r.body, tc.want) {
				t.Fatalf("got %d %s\nwant %d %s", r.code, r.body, tc.code, tc.want)
			}
		})
	}
	if n := e.called("CreateUser"); n != 0 {
		t.Errorf("backend called %d times for refused bodies", n)
	}
	if r := e.do(t, http.MethodPost, "/api/users", `{"email":"a@b.c","company_id":"c1"}`, auth, jsonCT); r.code != 200 {
		t.Fatalf("sanity: valid body got %d %s", r.code, r.body)
	}
}

// A body without Content-Length (chunked) over the limit is cut off by
// the decoder, and the backend is never called.
func TestOversizeChunkedBody(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	pr, pw := io.Pipe()
	go func() {
		_, _ = pw.Write([]byte(`{"full_name":"` + strings.Repeat("x", 10000) + `"}`))
		_ = pw.Close()
	}()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, e.url+"/api/users", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token(t))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 413 || string(b) != `{"detail":"Request body too large"}` {
		t.Fatalf("got %d %s", res.StatusCode, b)
	}
	if n := e.called("CreateUser"); n != 0 {
		t.Errorf("backend called %d times", n)
	}
}

func TestHugeHeaderRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	r := e.do(t, http.MethodGet, "/auth/me", "", "Authorization: Bearer "+strings.Repeat("a", 1<<20))
	if r.code != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("got %d", r.code)
	}
	if n := e.called("Me"); n != 0 {
		t.Errorf("backend called %d times", n)
	}
}

func TestTokenEndpointIsFormOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	form := "Content-Type: application/x-www-form-urlencoded"
	tests := []struct {
		name, path, body, ct string
		code                 int
		want                 string
	}{
		{"JSON body", "/auth/token", `{"username":"a@b.c","password":"pw"}`, "Content-Type: application/json", 422,
			`{"detail":[{"loc":["body"],"msg":"Form data (application/x-www-form-urlencoded) is required","type":"form_required"}],"error":"invalid_request"}`},
		{"credentials in the query", "/auth/token?username=a@b.c&password=pw", "grant_type=password", form, 400,
			`{"detail":"Credentials must be sent in the request body, not in the query string","error":"invalid_request",
				"error_description":"Credentials must be sent in the request body, not in the query string"}`},
		{"repeated parameter", "/auth/token", "username=a&username=b&password=pw", form, 422,
			`{"detail":[{"loc":["body","username"],"msg":"Parameter must not be repeated","type":"value_error"}],"error":"invalid_request"}`},
		{"form works", "/auth/token", "grant_type=password&username=a%40b.c&password=p%26w&scope=&unknown=x", form, 200,
			`{"access_token":"at","token_type":"bearer","expires_in":900,"refresh_token":"rt"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, http.MethodPost, tc.path, tc.body, tc.ct)
			// protojson varies its spacing on purpose: compare values.
			if r.code != tc.code || !jsonEqual(r.body, tc.want) {
				t.Fatalf("got %d %s\nwant %d %s", r.code, r.body, tc.code, tc.want)
			}
			if r.header.Get("Cache-Control") != "no-store" || r.header.Get("Pragma") != "no-cache" {
				t.Errorf("Cache-Control %q, Pragma %q", r.header.Get("Cache-Control"), r.header.Get("Pragma"))
			}
		})
	}
	calls := e.calls.all()
	if len(calls) != 1 {
		t.Fatalf("backend called %d times, want once (the valid form)", len(calls))
	}
	req, _ := calls[0].req.(*authv1.TokenRequest)
	if req.GetUsername() != "a@b.c" || req.GetPassword() != "p&w" || req.GetGrantType() != "password" {
		t.Errorf("backend got %v", req)
	}
	if len(calls[0].md.Get("authorization")) != 0 {
		t.Error("an authorization header went to the token endpoint")
	}
}

// jsonEqual reports whether two JSON texts hold the same value.
func jsonEqual(a, b string) bool {
	var va, vb any
	if json.Unmarshal([]byte(a), &va) != nil || json.Unmarshal([]byte(b), &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}
