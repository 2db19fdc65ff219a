package apidoc

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// SecurityScheme is the name of the OAuth2 password-flow definition.
const SecurityScheme = "OAuth2PasswordBearer"

// Token endpoint and the other operations anyone may call.
const (
	tokenOp   = "AuthService_Token"
	refreshOp = "AuthService_Refresh"
	tokenPath = "/auth/token"
)

var publicOps = map[string]bool{tokenOp: true, refreshOp: true}

type (
	object = map[string]any
	list   = []any
)

// Build returns the served document: the generated one (raw) made truthful.
// It fails when the generated document lacks what it relies on (the token
// operation, its request definition), so a renamed RPC stops the gateway's
// tests instead of serving a half-true document.
func Build(raw []byte) ([]byte, error) {
	var doc object
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("apidoc: generated document: %w", err)
	}
	paths, _ := doc["paths"].(object)
	defs, _ := doc["definitions"].(object)
	if paths == nil || defs == nil {
		return nil, errors.New("apidoc: generated document has no paths or definitions")
	}
	doc["info"] = object{
		"title":       "Copydesk API",
		"version":     "v1",
		"description": "REST face of Copydesk. Log in with the OAuth2 password grant at POST /auth/token (a form); send the access token as `Authorization: Bearer <token>`. Lists answer {data, total} and take skip, limit, sort and order.",
	}
	doc["securityDefinitions"] = object{SecurityScheme: object{
		"type": "oauth2", "flow": "password", "tokenUrl": tokenPath, "scopes": object{},
		"description": "OAuth2 password grant; the access token is a bearer JWT.",
	}}
	doc["security"] = list{object{SecurityScheme: list{}}}
	for name, schema := range errorDefinitions() {
		defs[name] = schema
	}
	addUploads(paths, defs)
	seen := map[string]bool{}
	for _, path := range sortedKeys(paths) {
		item, _ := paths[path].(object)
		for _, method := range sortedKeys(item) {
			op, ok := item[method].(object)
			if !ok {
				continue
			}
			id, _ := op["operationId"].(string)
			seen[id] = true
			if publicOps[id] {
				op["security"] = list{}
			}
			if id == tokenOp {
				if err := formBody(op, defs); err != nil {
					return nil, err
				}
			}
			addResponses(op, path, method, id)
			addIdempotencyKey(op, path, method, publicOps[id])
		}
	}
	for id := range publicOps {
		if !seen[id] {
			return nil, fmt.Errorf("apidoc: generated document has no operation %s", id)
		}
	}
	return json.Marshal(doc)
}

// formBody replaces the token operation's JSON body by the form fields the
// gateway really reads (internal/marshal's form decoder).
func formBody(op object, defs object) error {
	params, _ := op["parameters"].(list)
	var body object
	for _, p := range params {
		if p, _ := p.(object); p["in"] == "body" {
			body = p
		}
	}
	schema, _ := body["schema"].(object)
	ref, _ := schema["$ref"].(string)
	def, _ := defs[strings.TrimPrefix(ref, "#/definitions/")].(object)
	props, _ := def["properties"].(object)
	if len(props) == 0 {
		return fmt.Errorf("apidoc: %s has no body schema to turn into a form", tokenOp)
	}
	var form list
	for _, name := range sortedKeys(props) {
		prop, _ := props[name].(object)
		form = append(form, object{
			"name": name, "in": "formData", "type": "string",
			"required":    false, // which fields a grant needs is in their descriptions
			"description": prop["description"],
		})
	}
	op["parameters"] = form
	op["consumes"] = list{"application/x-www-form-urlencoded"}
	return nil
}

func sortedKeys(m object) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
