package domain_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

func TestCompleteAndStreamThroughRealSDKs(t *testing.T) {
	t.Parallel()
	tokens := []string{"Hello", ",", " brave", " new", " world"}
	for _, tc := range []struct {
		name     string
		provider string
		model    string
		make     func(t *testing.T) llm.Provider
	}{
		{"openai", llm.OpenAI, "gpt-4o-mini", func(t *testing.T) llm.Provider { return openAI(t, fake(t, fakellm.OpenAI, tokens...)) }},
		{"anthropic", llm.Anthropic, "claude-3-5-haiku-latest", func(t *testing.T) llm.Provider {
			return anthropic(t, fake(t, fakellm.Anthropic, tokens...))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc, st := newService(t, testConfig(), tc.make(t))
			in := domain.CompletionInput{Prompt: "Say hello", System: "Be brief"}

			res, err := svc.Complete(t.Context(), caller, in)
			if err != nil {
				t.Fatalf("Complete: %v", err)
			}
			if res.Text != "Hello, brave new world" || res.Provider != tc.provider || res.Model != tc.model {
				t.Fatalf("Complete = %q from %s/%s", res.Text, res.Provider, res.Model)
			}
			if res.Usage.CompletionTokens != len(tokens) || res.Usage.PromptTokens == 0 || res.CostMicros <= 0 {
				t.Fatalf("usage %+v cost %d: want provider-reported usage and a positive cost", res.Usage, res.CostMicros)
			}

			var got []string
			sres, err := svc.Stream(t.Context(), caller, in, func(c domain.Chunk) error {
				if c.Provider != tc.provider {
					t.Errorf("chunk provider %q", c.Provider)
				}
				got = append(got, c.Delta)
				return nil
			})
			if err != nil {
				t.Fatalf("Stream: %v", err)
			}
			if strings.Join(got, "|") != strings.Join(tokens, "|") {
				t.Fatalf("streamed %q, want %q in order", got, tokens)
			}
			if sres.Text != "Hello, brave new world" || sres.Usage.CompletionTokens != len(tokens) || sres.FinishReason == "" {
				t.Fatalf("stream result %+v", sres)
			}
			recs := st.Records()
			if len(recs) != 2 || recs[0].Provider != tc.provider || recs[0].CompanyID != company || recs[0].UserID != "u1" ||
				recs[1].Kind != "stream" || recs[1].CostMicros != sres.CostMicros {
				t.Fatalf("usage records %+v", recs)
			}
		})
	}
}

func TestValidation(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "x")
	cfg := testConfig()
	cfg.Models = []string{"gpt-4o-mini"}
	svc, _ := newService(t, cfg, openAI(t, f))
	for _, tc := range []struct {
		name  string
		in    domain.CompletionInput
		field string
	}{
		{"no prompt", domain.CompletionInput{}, "prompt"},
		{"prompt too long", domain.CompletionInput{Prompt: strings.Repeat("a", 1001)}, "prompt"},
		{"max_tokens over cap", domain.CompletionInput{Prompt: "hi", MaxTokens: 257}, "max_tokens"},
		{"model outside allowlist", domain.CompletionInput{Prompt: "hi", Model: "gpt-4o"}, "model"},
		{"provider not configured", domain.CompletionInput{Prompt: "hi", Provider: llm.Anthropic}, "provider"},
		{"system role in messages", domain.CompletionInput{Messages: []llm.Message{{Role: "system", Content: "x"}}}, "messages"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Complete(t.Context(), caller, tc.in)
			var ve *errs.ValidationError
			if !errors.As(err, &ve) || ve.Violations[0].Field != tc.field {
				t.Fatalf("err = %v, want a validation error on %s", err, tc.field)
			}
		})
	}
	if f.Requests() != 0 {
		t.Fatalf("refused requests reached the provider %d times", f.Requests())
	}
}

func TestEmbedOpenAI(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI)
	svc, st := newService(t, testConfig(), openAI(t, f))
	res, err := svc.Embed(t.Context(), caller, domain.EmbedInput{Texts: []string{"red shoes", "blue hat"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Vectors) != 2 || len(res.Vectors[0]) != fakellm.VectorDims || res.Provider != llm.OpenAI || res.Model != "text-embedding-3-small" {
		t.Fatalf("embed = %d vectors from %s/%s", len(res.Vectors), res.Provider, res.Model)
	}
	if !slices.Equal(res.Vectors[1], fakellm.Vector("blue hat")) {
		t.Fatalf("second vector %v, want the one of the second text", res.Vectors[1])
	}
	// The record is written after the answer.
	svc.Drain()
	if recs := st.Records(); len(recs) != 1 || recs[0].Kind != "embedding" || recs[0].PromptTokens != 4 { // the fake counts words
		t.Fatalf("usage records %+v", recs)
	}
}
