package edge_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// Run longer: go test -run '^$' -fuzz FuzzBodyDecoding -fuzztime 60s ./internal/edge
//
// The JSON body decoder with its unknown-field rules, as a client meets
// it: whatever the bytes, the answer is a success or a 4xx with a
// FastAPI-shaped {"detail": …} body, never a 5xx, and the backend is
// called only for a body that decoded.
func FuzzBodyDecoding(f *testing.F) {
	f.Add(`{"email":"a@b.c","company_id":"c1"}`)
	f.Add(`{"email":"a@b.c","is_admin":true}`)
	f.Add(`{"email":{"$ne":null}}`)
	f.Add(`{"full_name":"\ud800"}`)
	f.Add(`[1,2]`)
	e := newEnv(f, envOpts{})
	auth := "Authorization: Bearer " + e.token(f)
	f.Fuzz(func(t *testing.T, body string) {
		before := e.called("CreateUser")
		r := e.do(t, http.MethodPost, "/api/users", body, auth, "Content-Type: application/json")
		called := e.called("CreateUser") - before
		switch {
		case r.code == http.StatusOK:
			if called != 1 {
				t.Fatalf("200 with %d backend calls for %q", called, body)
			}
		case r.code >= 400 && r.code < 500:
			var answer struct {
				Detail json.RawMessage `json:"detail"`
			}
			if err := json.Unmarshal([]byte(r.body), &answer); err != nil || len(answer.Detail) == 0 {
				t.Fatalf("%d without a detail body for %q: %s", r.code, body, r.body)
			}
			if called != 0 {
				t.Fatalf("refused body %q reached the backend", body)
			}
		default:
			t.Fatalf("%d for body %q: %s", r.code, body, r.body)
		}
	})
}
