package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// fakeLLM is the fake OpenAI server the stack's llm service calls
// (OPENAI_BASE_URL), run by the test process; it speaks the real wire
// format. A test scripts its own requests with fakeLLM.NewScript and puts
// the script's Prompt into its prompt; other requests get
// fakellm.DefaultTokens.
var fakeLLM *fakellm.Server

// fakeLLMEnv starts the fake provider (once) and returns the llm service's
// environment that points at it. Offline stays configured as the failover
// provider and as the embedding provider (its vectors reflect word overlap).
func fakeLLMEnv() []string {
	if fakeLLM == nil {
		fakeLLM = fakellm.OpenAI()
	}
	return []string{
		"OPENAI_API_KEY=test-key",
		"OPENAI_BASE_URL=" + fakeLLM.BaseURL(),
		"LLM_PROVIDERS=openai,offline",
		"LLM_EMBED_PROVIDER=offline",
	}
}

// sseEvent is one Server-Sent Event: its name ("" for the default
// "message") and its data.
type sseEvent struct {
	name string
	data string
}

// sseReader reads events one at a time, as they arrive.
type sseReader struct{ r *bufio.Reader }

func newSSEReader(r io.Reader) *sseReader { return &sseReader{r: bufio.NewReader(r)} }

// next returns the next event; io.EOF when the stream ended cleanly.
func (s *sseReader) next() (sseEvent, error) {
	var ev sseEvent
	var data []string
	seen := false
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			if err == io.EOF && seen {
				return sseEvent{}, io.ErrUnexpectedEOF
			}
			return sseEvent{}, err
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if seen {
				ev.data = strings.Join(data, "\n")
				return ev, nil
			}
		case strings.HasPrefix(line, ":"): // comment
		case strings.HasPrefix(line, "event:"):
			ev.name, seen = strings.TrimSpace(strings.TrimPrefix(line, "event:")), true
		case strings.HasPrefix(line, "data:"):
			data, seen = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " ")), true
		}
	}
}

// obj decodes the event's data as a JSON object.
func (e sseEvent) obj(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(e.data), &m); err != nil {
		t.Fatalf("event %q data is not a JSON object: %v: %s", e.name, err, e.data)
	}
	return m
}

// openStream POSTs body to path with token and returns the open response
// (the caller closes its body); ctx bounds the whole stream.
func openStream(ctx context.Context, client *http.Client, url, token string, body any) (*http.Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return client.Do(req)
}

// streamClient has no overall timeout: a stream lives as long as its
// context (the test's, so a stalled stream ends at go test's -timeout).
var streamClient = &http.Client{}

// llmCompany is a fresh company with a company_admin and a content_writer,
// logged in.
type llmCompany struct {
	id            string
	admin, writer session
}

func newLLMCompany(t *testing.T) llmCompany {
	t.Helper()
	id, _ := newCompany(t)
	return llmCompany{id: id,
		admin:  newSession(t, id, "company_admin"),
		writer: newSession(t, id, "content_writer")}
}

// setupBenchCompany is newLLMCompany for benchmarks (the shared helpers
// take a *testing.T): a company, a content_writer, and the highest ceilings
// a superadmin can give.
func setupBenchCompany() (session, error) {
	r, err := send(http.MethodPost, "/api/companies", env.admin.Access, map[string]any{"name": uniq("BenchCo")})
	if err != nil || !r.ok() {
		return session{}, fmt.Errorf("create company: %v %s", err, r)
	}
	var co map[string]any
	if err := json.Unmarshal(r.body, &co); err != nil {
		return session{}, err
	}
	cid := str(co, "id")
	email, pw := uniq("bench")+"@e2e.example.com", "pw-"+stack.RandomString(8)
	r, err = send(http.MethodPost, "/api/users", env.admin.Access, map[string]any{
		"email": email, "full_name": "Bench Writer", "role": "content_writer", "password": pw, "company_id": cid})
	if err != nil || !r.ok() {
		return session{}, fmt.Errorf("create user: %v %s", err, r)
	}
	r, err = send(http.MethodPut, "/api/llm/budget", env.admin.Access, map[string]any{
		"company_id": cid, "ceiling_requests_per_minute": 100_000, "requests_per_minute": 100_000,
		"ceiling_monthly_budget_micros": 1 << 50, "monthly_budget_micros": 1 << 50})
	if err != nil || !r.ok() {
		return session{}, fmt.Errorf("lift rate limit: %v %s", err, r)
	}
	return loginSession(email, pw)
}
