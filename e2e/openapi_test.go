package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// checkDir holds the pinned validator (package.json + package-lock.json).
const checkDir = "../tools/openapi-check"

// The served document passes @apidevtools/swagger-parser's validation (the
// Swagger 2.0 schema plus its semantic rules). Without npm the test skips
// locally and fails in CI.
func TestOpenAPIValidates(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"npm", "node"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required in CI to validate /openapi.json: %v", tool, err)
			}
			t.Skipf("%s not found; the OpenAPI validation runs where it is (and always in CI)", tool)
		}
	}
	r := call(t, http.MethodGet, "/openapi.json", "", nil)
	want(t, r, http.StatusOK)
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, r.body, 0o600); err != nil {
		t.Fatal(err)
	}
	if !upToDate(filepath.Join(checkDir, "node_modules", ".package-lock.json"), filepath.Join(checkDir, "package-lock.json")) {
		runTool(t, checkDir, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	}
	runTool(t, checkDir, "node", "validate.mjs", file)
}

func upToDate(target, source string) bool {
	ti, err1 := os.Stat(target)
	si, err2 := os.Stat(source)
	return err1 == nil && err2 == nil && ti.ModTime().After(si.ModTime())
}

func runTool(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// A client that knows only the document: the OAuth2 token URL and its form
// fields, the users list operation's path, method and paging parameters.
func TestOpenAPIClientLogsInAndListsUsers(t *testing.T) {
	t.Parallel()
	r := call(t, http.MethodGet, "/openapi.json", "", nil)
	want(t, r, http.StatusOK)
	var doc apiDoc
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	scheme := ""
	for name, sd := range doc.SecurityDefinitions {
		if sd.Type == "oauth2" && sd.Flow == "password" {
			scheme = name
		}
	}
	if scheme == "" {
		t.Fatalf("no OAuth2 password flow in %v", doc.SecurityDefinitions)
	}
	tokenURL := doc.SecurityDefinitions[scheme].TokenURL
	tokenMethod, tokenOp := doc.find(t, "AuthService_Token")
	if tokenOp.path != tokenURL || tokenMethod != "post" {
		t.Fatalf("token operation %s %s, security definition's tokenUrl %s", tokenMethod, tokenOp.path, tokenURL)
	}
	form := url.Values{}
	values := map[string]string{"grant_type": "password", "username": env.admin.Email, "password": env.admin.Password}
	for _, p := range tokenOp.Parameters {
		if p.In != "formData" {
			t.Fatalf("token parameter %s is in %s, not formData", p.Name, p.In)
		}
		if v, ok := values[p.Name]; ok {
			form.Set(p.Name, v)
		}
	}
	if len(form) != len(values) {
		t.Fatalf("the token form lacks some of %v: %+v", values, tokenOp.Parameters)
	}
	r = call(t, http.MethodPost, tokenURL, "", form)
	want(t, r, http.StatusOK)
	access := str(r.obj(t), "access_token")

	listMethod, list := doc.find(t, "UserService_ListUsers")
	if listMethod != "get" || !list.secured(doc.Security, scheme) {
		t.Fatalf("users list: %s, security %v", listMethod, list.Security)
	}
	query := url.Values{}
	for _, p := range list.Parameters {
		if p.In == "query" && p.Name == "limit" {
			query.Set("limit", "2")
		}
	}
	if query.Get("limit") == "" {
		t.Fatalf("users list documents no limit parameter: %+v", list.Parameters)
	}
	r = call(t, http.MethodGet, list.path+"?"+query.Encode(), access, nil)
	want(t, r, http.StatusOK)
	var page struct {
		Data  []map[string]any `json:"data"`
		Total *int             `json:"total"`
	}
	if err := json.Unmarshal(r.body, &page); err != nil || page.Total == nil || page.Data == nil {
		t.Fatalf("users list is not {data,total}: %v %s", err, r)
	}
	if *page.Total < 1 || len(page.Data) < 1 || len(page.Data) > 2 {
		t.Fatalf("users list: total %d, %d rows with limit 2", *page.Total, len(page.Data))
	}
	// Without the token, the answer is the documented 401.
	if _, ok := list.Responses["401"]; !ok {
		t.Fatalf("users list documents no 401: %v", list.Responses)
	}
	want(t, call(t, http.MethodGet, list.path, "", nil), http.StatusUnauthorized)
}

type apiDoc struct {
	SecurityDefinitions map[string]struct {
		Type     string `json:"type"`
		Flow     string `json:"flow"`
		TokenURL string `json:"tokenUrl"`
	} `json:"securityDefinitions"`
	Security []map[string][]string        `json:"security"`
	Paths    map[string]map[string]*apiOp `json:"paths"`
}

type apiOp struct {
	path        string
	OperationID string                     `json:"operationId"`
	Security    *[]map[string][]string     `json:"security"`
	Responses   map[string]json.RawMessage `json:"responses"`
	Parameters  []struct {
		Name string `json:"name"`
		In   string `json:"in"`
	} `json:"parameters"`
}

// find returns the method and operation with the operationId.
func (d apiDoc) find(t *testing.T, id string) (string, *apiOp) {
	t.Helper()
	for path, item := range d.Paths {
		for method, op := range item {
			if op.OperationID == id {
				op.path = path
				return method, op
			}
		}
	}
	t.Fatalf("no operation %s in the document", id)
	return "", nil
}

// secured: the operation's own security, else the document's, names scheme.
func (o *apiOp) secured(global []map[string][]string, scheme string) bool {
	reqs := global
	if o.Security != nil {
		reqs = *o.Security
	}
	for _, req := range reqs {
		if _, ok := req[scheme]; ok {
			return true
		}
	}
	return false
}
