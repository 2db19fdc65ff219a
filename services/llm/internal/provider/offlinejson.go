package provider

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// offlineGistWords is how much of the prompt an offline JSON string shows.
const offlineGistWords = 12

// offlineJSON is the offline provider's JSON answer: a deterministic
// instance of the format's schema — every property of an object,
// minItems items of an array, for item i the i-th of a schema's examples
// or enum values (in turn), else numbers at their minimum and strings
// naming the field and the prompt's gist — or {"answer": text} without a
// schema. A generic instance generator (about 60 lines) rather than a
// library: the known Go JSON Schema libraries validate, none generates
// deterministic instances.
func offlineJSON(f llm.Format, gist []string, text string) string {
	var schema map[string]any
	if f.Schema == "" || json.Unmarshal([]byte(f.Schema), &schema) != nil {
		b, _ := json.Marshal(map[string]string{"answer": text})
		return string(b)
	}
	if len(gist) > offlineGistWords {
		gist = gist[:offlineGistWords]
	}
	b, _ := json.Marshal(instance(schema, "answer", 0, strings.Join(gist, " ")))
	return string(b)
}

// instance is the value of schema s for field name at item index i.
func instance(s map[string]any, name string, i int, gist string) any {
	for _, key := range []string{"examples", "enum"} {
		if vs, ok := s[key].([]any); ok && len(vs) > 0 {
			return vs[i%len(vs)]
		}
	}
	if v, ok := s["const"]; ok {
		return v
	}
	if v, ok := s["default"]; ok {
		return v
	}
	switch schemaType(s) {
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		for k, p := range props {
			if ps, ok := p.(map[string]any); ok {
				out[k] = instance(ps, k, i, gist)
			}
		}
		return out
	case "array":
		items, _ := s["items"].(map[string]any)
		n, _ := s["minItems"].(float64)
		out := make([]any, 0, int(n))
		for j := range int(n) {
			out = append(out, instance(items, name, j, gist))
		}
		return out
	case "string":
		v := fmt.Sprintf("%s %d (offline): %s", name, i+1, gist)
		if max, ok := s["maxLength"].(float64); ok && len([]rune(v)) > int(max) {
			v = string([]rune(v)[:int(max)])
		}
		return v
	case "integer", "number":
		if m, ok := s["minimum"].(float64); ok {
			return m
		}
		return 0
	case "boolean":
		return false
	}
	return nil
}

// schemaType is s's type, the first non-null one of a list.
func schemaType(s map[string]any) string {
	switch t := s["type"].(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if x, ok := x.(string); ok && x != "null" {
				return x
			}
		}
	}
	if _, ok := s["properties"]; ok {
		return "object"
	}
	return ""
}
