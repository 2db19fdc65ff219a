package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

var httpClient = &http.Client{Timeout: 30 * time.Second}

// response is a fully read HTTP answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// rawJSON is a request body sent as is with Content-Type application/json.
type rawJSON string

// send makes one request. body: nil, url.Values (form), rawJSON, or any
// value marshalled to JSON. hdr are extra header name/value pairs.
func send(method, path, token string, body any, hdr ...string) (response, error) {
	var r io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		r, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case rawJSON:
		r, ctype = strings.NewReader(string(b)), "application/json"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return response{}, err
		}
		r, ctype = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, env.url+path, r)
	if err != nil {
		return response{}, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: data}, err
}

func call(t *testing.T, method, path, token string, body any, hdr ...string) response {
	t.Helper()
	r, err := send(method, path, token, body, hdr...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (r response) String() string { return fmt.Sprintf("%d %s", r.status, r.body) }

func (r response) ok() bool { return r.status >= 200 && r.status < 300 }

// obj decodes a JSON object answer.
func (r response) obj(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("answer is not a JSON object: %v: %s", err, r)
	}
	return m
}

// list decodes {"data": [...], "total": N}.
func (r response) list(t *testing.T) []map[string]any {
	t.Helper()
	var l struct {
		Data  []map[string]any `json:"data"`
		Total json.RawMessage  `json:"total"`
	}
	if err := json.Unmarshal(r.body, &l); err != nil {
		t.Fatalf("answer is not a list: %v: %s", err, r)
	}
	return l.Data
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func want(t *testing.T, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
}

var seq atomic.Int64

// uniq returns a name no other test uses.
func uniq(prefix string) string {
	return fmt.Sprintf("%s-%d-%s", prefix, seq.Add(1), stack.RandomString(3))
}

// session is a logged-in user.
type session struct {
	ID, Email, Password, CompanyID, Role string
	Access, Refresh                      string
}

// tokenForm is the OAuth2 password grant form.
func tokenForm(email, password string) url.Values {
	return url.Values{"grant_type": {"password"}, "username": {email}, "password": {password}}
}

func loginSession(email, password string) (session, error) {
	r, err := send(http.MethodPost, "/auth/token", "", tokenForm(email, password))
	if err != nil {
		return session{}, err
	}
	var tok map[string]any
	if r.status != http.StatusOK || json.Unmarshal(r.body, &tok) != nil {
		return session{}, fmt.Errorf("login %s: %s", email, r)
	}
	s := session{Email: email, Password: password, Access: str(tok, "access_token"), Refresh: str(tok, "refresh_token")}
	me, err := send(http.MethodGet, "/auth/me", s.Access, nil)
	if err != nil || me.status != http.StatusOK {
		return session{}, fmt.Errorf("me %s: %v %s", email, err, me)
	}
	var u map[string]any
	if err := json.Unmarshal(me.body, &u); err != nil {
		return session{}, err
	}
	s.ID, s.CompanyID, s.Role = str(u, "id"), str(u, "company_id"), str(u, "role")
	return s, nil
}

func login(t *testing.T, email, password string) session {
	t.Helper()
	s, err := loginSession(email, password)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newCompany creates a company as the superadmin and returns its id.
func newCompany(t *testing.T) (id, name string) {
	t.Helper()
	name = uniq("Co")
	r := call(t, http.MethodPost, "/api/companies", env.admin.Access, map[string]any{"name": name})
	if !r.ok() {
		t.Fatalf("create company: %s", r)
	}
	return str(r.obj(t), "id"), name
}

// newUser creates a user as the superadmin (without logging in).
func newUser(t *testing.T, companyID, role string) session {
	t.Helper()
	s := session{Email: uniq("u") + "@e2e.example.com", Password: "pw-" + stack.RandomString(8), CompanyID: companyID, Role: role}
	r := call(t, http.MethodPost, "/api/users", env.admin.Access, map[string]any{
		"email": s.Email, "full_name": "User " + s.Email, "role": role, "password": s.Password, "company_id": companyID,
	})
	if !r.ok() {
		t.Fatalf("create %s user: %s", role, r)
	}
	s.ID = str(r.obj(t), "id")
	return s
}

// newSession creates a user and logs it in.
func newSession(t *testing.T, companyID, role string) session {
	t.Helper()
	u := newUser(t, companyID, role)
	return login(t, u.Email, u.Password)
}

// adminGet reads a resource as the superadmin.
func adminGet(t *testing.T, path string) response {
	t.Helper()
	return call(t, http.MethodGet, path, env.admin.Access, nil)
}

// adminCount is the superadmin's total for a list query.
func adminCount(t *testing.T, path string) int {
	t.Helper()
	r := adminGet(t, path)
	want(t, r, http.StatusOK)
	var l struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(r.body, &l); err != nil {
		t.Fatalf("total: %v: %s", err, r)
	}
	return l.Total
}

func q(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return "?" + v.Encode()
}

// rawForm is a form body sent as is.
func rawForm(s string) url.Values { v, _ := url.ParseQuery(s); return v }
