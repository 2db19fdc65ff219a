package domain_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

const planSchema = `{"type":"object","required":["items"],"properties":{"items":{"type":"array","minItems":3,"items":{"type":"object",
"properties":{"title":{"type":"string","maxLength":30},"kind":{"type":"string","enum":["a","b"]},"day":{"type":"string","examples":["d1","d2","d3"]},
"n":{"type":"integer","minimum":2}}}}}}`

// Each provider is asked for JSON its own way: OpenAI's response_format
// (json_schema with the schema, json_object without), Anthropic's
// assistant prefill (the answer comes back with the "{" the model
// continued), offline's deterministic instance of the schema.
func TestJSONResponseFormat(t *testing.T) {
	t.Parallel()
	oa := fake(t, fakellm.OpenAI, `{"ok":true}`)
	svc, _ := newService(t, testConfig(), openAI(t, oa))
	in := domain.CompletionInput{Prompt: "Answer in JSON", Format: llm.Format{Type: "json", Schema: planSchema, Name: "plan"}}
	if _, err := svc.Complete(t.Context(), caller, in); err != nil {
		t.Fatal(err)
	}
	rf, _ := oa.LastBody()["response_format"].(map[string]any)
	js, _ := rf["json_schema"].(map[string]any)
	if rf["type"] != "json_schema" || js["name"] != "plan" || js["schema"] == nil {
		t.Fatalf("openai response_format %v", oa.LastBody()["response_format"])
	}
	in.Format = llm.Format{Type: "json"}
	if _, err := svc.Complete(t.Context(), caller, in); err != nil {
		t.Fatal(err)
	}
	if rf, _ := oa.LastBody()["response_format"].(map[string]any); rf["type"] != "json_object" {
		t.Fatalf("openai response_format %v", oa.LastBody()["response_format"])
	}

	an := fake(t, fakellm.Anthropic, `"ok":true}`)
	asvc, _ := newService(t, testConfig(), anthropic(t, an))
	res, err := asvc.Complete(t.Context(), caller, in)
	if err != nil || res.Text != `{"ok":true}` {
		t.Fatalf("anthropic answer %q, %v", res.Text, err)
	}
	msgs, _ := an.LastBody()["messages"].([]any)
	if last, _ := msgs[len(msgs)-1].(map[string]any); last["role"] != "assistant" {
		t.Fatalf("anthropic messages %v: want the assistant prefill last", msgs)
	}

	osvc, _ := newService(t, testConfig(), provider.Offline{})
	in.Format = llm.Format{Type: "json", Schema: planSchema}
	a, err := osvc.Complete(t.Context(), caller, in)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := osvc.Complete(t.Context(), caller, in)
	var got struct {
		Items []struct {
			Title, Kind, Day string
			N                int
		}
	}
	if err := json.Unmarshal([]byte(a.Text), &got); err != nil || a.Text != b.Text || len(got.Items) != 3 {
		t.Fatalf("offline %q (%v), again %q", a.Text, err, b.Text)
	}
	for i, it := range got.Items {
		if it.Kind != []string{"a", "b", "a"}[i] || it.Day != []string{"d1", "d2", "d3"}[i] || it.N != 2 || it.Title == "" || len(it.Title) > 30 {
			t.Fatalf("offline item %d: %+v", i, it)
		}
	}
}

func TestJSONResponseFormatValidation(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t, testConfig(), provider.Offline{})
	for _, f := range []llm.Format{{Type: "xml"}, {Type: "json", Schema: "[1]"}, {Type: "json", Name: "a b"}, {Schema: "{}"}} {
		_, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "x", Format: f})
		var ve *errs.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("format %+v: %v, want 422", f, err)
		}
	}
}
