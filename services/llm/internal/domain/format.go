package domain

import (
	"encoding/json"
	"regexp"
	"slices"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// MaxSchemaBytes bounds a response format's JSON Schema.
const MaxSchemaBytes = 64 << 10

// schemaName is what OpenAI accepts as json_schema.name.
var schemaName = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// checkFormat validates a JSON response format: the schema, when given,
// is a JSON object of at most MaxSchemaBytes, and the name fits OpenAI's
// rule (default "answer").
func checkFormat(v *errs.Validator, f llm.Format) {
	v.Check(slices.Contains([]string{"", "text", "json"}, f.Type), "response_format.type", "literal_error",
		"response_format.type must be text or json")
	if !f.JSON() {
		v.Check(f.Schema == "" && f.Name == "", "response_format", "value_error", "json_schema and name need type json")
		return
	}
	if f.Schema != "" {
		var obj map[string]any
		v.Check(len(f.Schema) <= MaxSchemaBytes, "response_format.json_schema", "value_error",
			"json_schema must be at most %d bytes", MaxSchemaBytes)
		v.Check(json.Unmarshal([]byte(f.Schema), &obj) == nil, "response_format.json_schema", "value_error",
			"json_schema must be a JSON object")
	}
	v.Check(f.Name == "" || schemaName.MatchString(f.Name), "response_format.name", "value_error",
		"name must be 1 to 64 letters, digits, _ or -")
}
