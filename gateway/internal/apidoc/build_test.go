package apidoc

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/gen/openapi"
)

// built is the served document decoded, with its operations by id.
type built struct {
	doc object
	ops map[string]object
}

func build(t *testing.T) built {
	t.Helper()
	raw, err := Build(openapi.Swagger)
	if err != nil {
		t.Fatal(err)
	}
	b := built{ops: map[string]object{}}
	if err := json.Unmarshal(raw, &b.doc); err != nil {
		t.Fatal(err)
	}
	for _, item := range b.doc["paths"].(object) {
		for _, op := range item.(object) {
			op := op.(object)
			b.ops[op["operationId"].(string)] = op
		}
	}
	return b
}

func TestTokenIsAFormAndPublic(t *testing.T) {
	t.Parallel()
	b := build(t)
	for _, id := range []string{tokenOp, refreshOp} {
		if sec, ok := b.ops[id]["security"].(list); !ok || len(sec) != 0 {
			t.Errorf("%s security = %v, want [] (public)", id, b.ops[id]["security"])
		}
	}
	tok := b.ops[tokenOp]
	if c := tok["consumes"]; len(c.(list)) != 1 || c.(list)[0] != "application/x-www-form-urlencoded" {
		t.Errorf("token consumes %v", c)
	}
	form := map[string]bool{}
	for _, p := range tok["parameters"].(list) {
		p := p.(object)
		if p["in"] != "formData" {
			t.Errorf("token parameter %v is not formData", p)
		}
		form[p["name"].(string)] = true
	}
	for _, name := range []string{"grant_type", "username", "password", "refresh_token"} {
		if !form[name] {
			t.Errorf("token form lacks %s: %v", name, form)
		}
	}
	sd := b.doc["securityDefinitions"].(object)[SecurityScheme].(object)
	if sd["type"] != "oauth2" || sd["flow"] != "password" || sd["tokenUrl"] != tokenPath {
		t.Errorf("security definition %v", sd)
	}
	if sec := b.doc["security"].(list); len(sec) != 1 || sec[0].(object)[SecurityScheme] == nil {
		t.Errorf("global security %v", sec)
	}
}

func TestErrorResponsesWhereTheyOccur(t *testing.T) {
	t.Parallel()
	b := build(t)
	tests := []struct {
		op        string
		have, not []string
	}{
		{"UserService_ListUsers", []string{"200", "401", "403", "422"}, []string{"404", "409", "429"}},
		{"UserService_GetUser", []string{"401", "403", "404", "422"}, []string{"409"}},
		{"TicketService_UpdateTicket", []string{"401", "403", "404", "409", "422"}, []string{"429"}},
		{"UserService_CreateUser", []string{"401", "403", "409", "422"}, []string{"404"}},
		{"AuthService_Me", []string{"401"}, []string{"403", "404", "409", "422"}},
		{"LLMService_Complete", []string{"401", "403", "422", "429"}, []string{"409"}},
		{tokenOp, []string{"400", "401", "422", "429"}, []string{"403", "409"}},
	}
	for _, tc := range tests {
		resp := b.ops[tc.op]["responses"].(object)
		for _, code := range tc.have {
			if resp[code] == nil {
				t.Errorf("%s: no %s response", tc.op, code)
			}
		}
		for _, code := range tc.not {
			if resp[code] != nil {
				t.Errorf("%s: %s response it never gives", tc.op, code)
			}
		}
	}
	if got := b.ops["UserService_ListUsers"]["responses"].(object)["422"].(object)["schema"].(object)["$ref"]; got != "#/definitions/"+defHTTPValidation {
		t.Errorf("422 schema %v", got)
	}
}

// Every $ref points at a definition, and the rule tables name operations
// that exist (a renamed RPC must not silently lose its 429).
func TestReferencesResolve(t *testing.T) {
	t.Parallel()
	b := build(t)
	raw, _ := json.Marshal(b.doc)
	defs := b.doc["definitions"].(object)
	for _, m := range regexp.MustCompile(`"#/definitions/([^"]+)"`).FindAllStringSubmatch(string(raw), -1) {
		if defs[m[1]] == nil {
			t.Errorf("dangling $ref %s", m[1])
		}
	}
	for _, table := range []map[string]bool{rateLimited, neverConflicts, anyUser, publicOps} {
		for id := range table {
			if b.ops[id] == nil {
				t.Errorf("rule names unknown operation %s", id)
			}
		}
	}
}

// A list's query parameters (skip, limit, sort, order, filters) are described.
func TestQueryParametersDocumented(t *testing.T) {
	t.Parallel()
	b := build(t)
	for id, op := range b.ops {
		params, _ := op["parameters"].(list)
		for _, p := range params {
			p := p.(object)
			if d, _ := p["description"].(string); p["in"] == "query" && strings.TrimSpace(d) == "" {
				t.Errorf("%s: query parameter %s has no description", id, p["name"])
			}
		}
	}
}

func TestBuildRefusesADocumentWithoutTheTokenOperation(t *testing.T) {
	t.Parallel()
	if _, err := Build([]byte(`{"swagger":"2.0","paths":{"/x":{"get":{"operationId":"X","responses":{}}}},"definitions":{}}`)); err == nil {
		t.Fatal("built a document without /auth/token")
	}
}
