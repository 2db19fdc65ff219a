package e2e

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// checkValidation asserts the FastAPI 422 shape: {"detail": [{"loc": [...],
// "msg": "...", "type": "..."}]}.
func checkValidation(t *testing.T, r response) {
	t.Helper()
	var body struct {
		Detail []struct {
			Loc  []any  `json:"loc"`
			Msg  string `json:"msg"`
			Type string `json:"type"`
		} `json:"detail"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil || len(body.Detail) == 0 {
		t.Fatalf("422 body is not {detail: [{loc,msg,type}]}: %v: %s", err, r)
	}
	for _, d := range body.Detail {
		if len(d.Loc) == 0 || d.Msg == "" || d.Type == "" {
			t.Errorf("422 item without loc/msg/type: %s", r.body)
		}
	}
}

// checkDetail asserts {"detail": "<message>"}.
func checkDetail(t *testing.T, r response) {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatalf("error body is not JSON: %s", r)
	}
	if _, ok := body["detail"].(string); !ok || len(body) != 1 {
		t.Errorf("error body is not {\"detail\": \"...\"}: %s", r)
	}
}

// snapshot is what the superadmin sees of a company's users and the
// company itself; bad input must leave it unchanged.
func snapshot(t *testing.T, co string) []any {
	t.Helper()
	return []any{
		adminGet(t, "/api/users"+q("company_id", co, "limit", "1000", "sort", "email")).obj(t),
		adminGet(t, "/api/companies/"+co).obj(t),
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	admin := newSession(t, co, "company_admin")
	writer := newSession(t, co, "content_writer")
	huge := `{"email":"big@e2e.example.com","full_name":"` + strings.Repeat("x", 2<<20) + `","role":"client","password":"pw-12345678"}`
	cases := []struct {
		name, method, path string
		token              string
		body               any
		want               int // 0: any 4xx
		check              func(*testing.T, response)
	}{
		{"malformed user id", "GET", "/api/users/not-an-id", admin.Access, nil, 400, checkDetail},
		{"malformed user id, patch", "PATCH", "/api/users/zz", admin.Access, map[string]any{"full_name": "X"}, 400, checkDetail},
		{"malformed user id, delete", "DELETE", "/api/users/123", admin.Access, nil, 400, checkDetail},
		{"malformed company id", "GET", "/api/companies/xyz", admin.Access, nil, 400, checkDetail},
		{"operator in create body", "POST", "/api/users", admin.Access,
			map[string]any{"email": map[string]any{"$ne": nil}, "full_name": "Op", "role": "client", "password": "pw-12345678"}, 0, nil},
		{"operator in update body", "PATCH", "/api/users/" + writer.ID, admin.Access,
			map[string]any{"full_name": map[string]any{"$set": "x"}}, 0, nil},
		{"role smuggled into company", "POST", "/api/companies", env.admin.Access,
			map[string]any{"name": uniq("Smuggle"), "role": "superadmin"}, 422, checkValidation},
		{"company_id smuggled into user update", "PATCH", "/api/users/" + writer.ID, admin.Access,
			map[string]any{"full_name": "Moved", "company_id": env.admin.CompanyID}, 422, checkValidation},
		{"company_id smuggled into self update", "PATCH", "/api/users/" + writer.ID, writer.Access,
			map[string]any{"full_name": "Moved", "company_id": env.admin.CompanyID}, 422, checkValidation},
		{"role smuggled into password change", "POST", "/api/users/me/password", writer.Access,
			map[string]any{"current_password": writer.Password, "new_password": "pw-new-12345", "role": "superadmin"}, 422, checkValidation},
		{"password_hash smuggled into create", "POST", "/api/users", admin.Access,
			map[string]any{"email": uniq("h") + "@e2e.example.com", "full_name": "H", "role": "client", "password": "pw-12345678", "password_hash": "x"}, 422, checkValidation},
		{"malformed JSON", "POST", "/api/users", admin.Access, rawJSON(`{"email": "a@e2e.example.com", `), 422, checkValidation},
		{"JSON array body", "PATCH", "/api/users/" + writer.ID, admin.Access, rawJSON(`["full_name"]`), 422, checkValidation},
		{"missing fields", "POST", "/api/users", admin.Access, map[string]any{}, 422, checkValidation},
		{"oversize body", "POST", "/api/users", admin.Access, rawJSON(huge), 413, checkDetail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := snapshot(t, co)
			r := call(t, c.method, c.path, c.token, c.body)
			switch {
			case c.want == 0 && (r.status < 400 || r.status >= 500):
				t.Errorf("%s: %s, want 4xx", c.name, r)
			case c.want != 0 && r.status != c.want:
				t.Errorf("%s: %s, want %d", c.name, r, c.want)
			case c.check != nil:
				c.check(t, r)
			}
			if after := snapshot(t, co); !reflect.DeepEqual(before, after) {
				t.Errorf("%s changed the data:\nbefore %v\nafter  %v", c.name, before, after)
			}
		})
	}
	// The writer still logs in with the unchanged password.
	login(t, writer.Email, writer.Password)
}

// TestOperatorInjectionInQuery: query parameters shaped like Mongo
// operators are refused or match nothing beyond the caller's own rows.
func TestOperatorInjectionInQuery(t *testing.T) {
	t.Parallel()
	coA, _ := newCompany(t)
	coB, _ := newCompany(t)
	newUser(t, coB, "content_writer")
	client := newSession(t, coA, "client")
	admin := newSession(t, coA, "company_admin")
	for _, s := range []session{client, admin} {
		for _, raw := range []string{"q[$ne]=x", "role[$ne]=x", "company_id[$ne]=x", "q[$regex]=.*", "is_active[$ne]=false",
			"q=%7B%22%24ne%22%3Anull%7D", "sort=$where", "q=.*", "q=%5E"} {
			r := call(t, http.MethodGet, "/api/users?"+raw, s.Access, nil)
			if r.status >= 500 {
				t.Errorf("%s ?%s: %s", s.Role, raw, r)
				continue
			}
			if r.status != http.StatusOK {
				continue
			}
			for _, u := range r.list(t) {
				if str(u, "company_id") != coA || (s.Role == "client" && str(u, "id") != s.ID) {
					t.Errorf("%s ?%s leaks %v", s.Role, raw, u)
				}
			}
		}
	}
}

// TestListShape: total is a JSON number, errors are {"detail": ...}.
func TestListShape(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	a := newSession(t, co, "company_admin")
	r := call(t, http.MethodGet, "/api/users", a.Access, nil)
	want(t, r, http.StatusOK)
	var l map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &l); err != nil {
		t.Fatal(err)
	}
	var total float64
	if err := json.Unmarshal(l["total"], &total); err != nil || total < 1 {
		t.Errorf("total = %s, want a JSON number >= 1", l["total"])
	}
	if _, ok := l["data"]; !ok {
		t.Errorf("no data in %s", r.body)
	}
	nf := call(t, http.MethodGet, "/api/users/"+strings.Repeat("0", 24), a.Access, nil)
	want(t, nf, http.StatusNotFound)
	checkDetail(t, nf)
}
