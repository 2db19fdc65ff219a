package e2e

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/fakellm"
)

// These tests run gateway → llm service → fakeLLM, the real binaries.

func TestLLMCompletionAnswersFromTheProvider(t *testing.T) {
	t.Parallel()
	co := newLLMCompany(t)
	s := fakeLLM.NewScript(t, "Paris", " is", " the", " capital")
	r := call(t, http.MethodPost, "/api/llm/completion", co.writer.Access, map[string]any{
		"prompt": s.Prompt("What is the capital of France?"), "max_tokens": 50})
	want(t, r, http.StatusOK)
	m := r.obj(t)
	if got := str(m, "text"); got != "Paris is the capital" {
		t.Errorf("text %q, want the provider's answer", got)
	}
	if str(m, "provider") != "openai" || str(m, "model") != "gpt-4o-mini" {
		t.Errorf("provider %q model %q, want openai gpt-4o-mini", str(m, "provider"), str(m, "model"))
	}
	u, _ := m["usage"].(map[string]any)
	if u["prompt_tokens"] != float64(fakellm.PromptTokens) || u["completion_tokens"] != float64(4) || u["total_tokens"] != float64(fakellm.PromptTokens+4) {
		t.Errorf("usage %v, want the provider's counts (%d + 4)", u, fakellm.PromptTokens)
	}
	if c, _ := m["cost_micros"].(float64); c <= 0 {
		t.Errorf("cost_micros %v, want > 0", m["cost_micros"])
	}
	if n := s.Requests(); n != 1 {
		t.Errorf("provider saw %d requests, want 1", n)
	}
}

// The provider sends one token, then waits until the client has received
// it before sending the next: if anything on the way (llm service, gateway)
// buffered, the stream would stall and the test would time out.
func TestLLMStreamEventsArriveOneByOne(t *testing.T) {
	t.Parallel()
	co := newLLMCompany(t)
	tokens := []string{"One", " two", " three", " four", " five"}
	s := fakeLLM.NewScript(t, tokens...)
	s.Gate = make(chan struct{})
	for _, tc := range []struct{ name, path, streamField string }{
		{"stream path", "/api/llm/completion/stream", ""},
		{"stream flag", "/api/llm/completion", "stream"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context() // a stalled stream hangs until go test's -timeout
			body := map[string]any{"prompt": s.Prompt("count to five"), "max_tokens": 50}
			if tc.streamField != "" {
				body[tc.streamField] = true
			}
			before := s.Sent()
			resp, err := openStream(ctx, streamClient, env.url+tc.path, co.writer.Access, body)
			if err != nil {
				t.Fatalf("stream: %v (provider sent %d tokens)", err, s.Sent()-before)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
				b, _ := io.ReadAll(resp.Body)
				t.Fatalf("status %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
			}
			events := newSSEReader(resp.Body)
			for i, tok := range tokens {
				ev, err := events.next()
				if err != nil {
					t.Fatalf("event %d: %v", i+1, err)
				}
				m := ev.obj(t)
				if ev.name != "" || str(m, "delta") != tok || str(m, "provider") != "openai" {
					t.Fatalf("event %d: %q %s, want delta %q from openai", i+1, ev.name, ev.data, tok)
				}
				if sent := s.Sent() - before; sent != i+1 {
					t.Fatalf("event %d received when the provider had sent %d tokens", i+1, sent)
				}
				if i < len(tokens)-1 {
					s.Gate <- struct{}{} // release the next token
				}
			}
			ev, err := events.next()
			if err != nil || ev.name != "usage" {
				t.Fatalf("final event %q %s (%v), want the usage event", ev.name, ev.data, err)
			}
			m := ev.obj(t)
			u, _ := m["usage"].(map[string]any)
			if m["done"] != true || u["completion_tokens"] != float64(len(tokens)) || u["prompt_tokens"] != float64(fakellm.PromptTokens) {
				t.Errorf("usage event %s, want done with the provider's usage", ev.data)
			}
			if ev, err := events.next(); !errors.Is(err, io.EOF) {
				t.Errorf("after usage: %q %s (%v), want the end of the stream", ev.name, ev.data, err)
			}
		})
	}
}

// A client that goes away mid-stream cancels the provider's request.
func TestLLMStreamClientDisconnectCancelsProvider(t *testing.T) {
	t.Parallel()
	co := newLLMCompany(t)
	s := fakeLLM.NewScript(t, "first", " never", " sent")
	s.Gate = make(chan struct{}) // nobody releases token 2
	reqCtx, disconnect := context.WithCancel(t.Context())
	resp, err := openStream(reqCtx, streamClient, env.url+"/api/llm/completion/stream", co.writer.Access,
		map[string]any{"prompt": s.Prompt("hang after one token")})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	want(t, response{status: resp.StatusCode}, http.StatusOK)
	if ev, err := newSSEReader(resp.Body).next(); err != nil || !strings.Contains(ev.data, "first") {
		t.Fatalf("first event %s (%v)", ev.data, err)
	}
	disconnect()
	// without the cancellation this waits until go test's -timeout
	if err := s.WaitCancelled(t.Context(), 1); err != nil {
		t.Fatalf("the provider's request was not cancelled after the client disconnected: %v", err)
	}
	if n := s.Sent(); n != 1 {
		t.Errorf("provider sent %d tokens, want 1", n)
	}
}

func TestLLMCompletionRoles(t *testing.T) {
	t.Parallel()
	co := newLLMCompany(t)
	s := fakeLLM.NewScript(t)
	for _, tc := range []struct {
		role   string
		status int
	}{
		{"client", http.StatusForbidden},
		{"content_manager", http.StatusOK},
		{"company_admin", http.StatusOK},
	} {
		t.Run(tc.role, func(t *testing.T) {
			u := co.admin
			if tc.role != "company_admin" {
				u = newSession(t, co.id, tc.role)
			}
			for _, path := range []string{"/api/llm/completion", "/api/llm/completion/stream"} {
				before := s.Requests()
				r := call(t, http.MethodPost, path, u.Access, map[string]any{"prompt": s.Prompt("hi")})
				want(t, r, tc.status)
				if calls := s.Requests() - before; tc.status != http.StatusOK && calls != 0 {
					t.Errorf("%s: refused, yet the provider got %d requests", path, calls)
				}
			}
		})
	}
	r := call(t, http.MethodPost, "/api/llm/completion", "", map[string]any{"prompt": "hi"})
	want(t, r, http.StatusUnauthorized)
}
