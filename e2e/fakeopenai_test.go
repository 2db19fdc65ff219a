package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// fakeLLM is the OpenAI-compatible server the stack's llm service calls
// (OPENAI_BASE_URL), run by the test process. It speaks the real wire
// format of POST /v1/chat/completions: one JSON answer, or (with "stream":
// true) SSE `data: {chunk}` events, one per token, a usage chunk and
// `data: [DONE]`. A test scripts its own requests with a key that its
// prompt contains (fakeLLM.script); other requests get defaultTokens.
var fakeLLM *fakeOpenAI

// fakePromptTokens is what the fake reports as prompt_tokens, so a test
// can tell the provider's usage from the service's estimate.
const fakePromptTokens = 11

var defaultTokens = []string{"Hello", " from", " the", " fake"}

// fakeLLMEnv starts the fake provider (once) and returns the llm service's
// environment that points at it. Offline stays configured as the failover
// provider and as the embedding provider (its vectors reflect word overlap).
func fakeLLMEnv() []string {
	if fakeLLM == nil {
		fakeLLM = newFakeOpenAI()
	}
	return []string{
		"OPENAI_API_KEY=test-key",
		"OPENAI_BASE_URL=" + fakeLLM.srv.URL + "/v1",
		"LLM_PROVIDERS=openai,offline",
		"LLM_EMBED_PROVIDER=offline",
	}
}

type fakeOpenAI struct {
	srv      *httptest.Server
	requests atomic.Int64 // every chat request
	mu       sync.Mutex
	scripts  map[string]*llmScript
}

// llmScript is what the fake does for the requests whose messages contain
// key, and what it saw of them.
type llmScript struct {
	key    string
	tokens []string
	// gate, when set, is received from before each token after the first:
	// the test releases the stream token by token.
	gate chan struct{}
	// delay holds a non-streamed answer back (a slow model).
	delay     time.Duration
	requests  atomic.Int32
	sent      atomic.Int32  // tokens written and flushed
	cancelled chan struct{} // closed when a request's context ends mid-stream
	once      sync.Once
}

func newFakeOpenAI() *fakeOpenAI {
	f := &fakeOpenAI{scripts: map[string]*llmScript{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", f.chat)
	f.srv = httptest.NewServer(mux)
	return f
}

// script registers a behaviour for prompts containing a fresh key; the
// test puts key into its prompt. The script is removed when t ends.
func (f *fakeOpenAI) script(t interface{ Cleanup(func()) }, tokens ...string) *llmScript {
	if len(tokens) == 0 {
		tokens = defaultTokens
	}
	s := &llmScript{key: "key-" + uniq("llm"), tokens: tokens, cancelled: make(chan struct{})}
	f.mu.Lock()
	f.scripts[s.key] = s
	f.mu.Unlock()
	t.Cleanup(func() {
		f.mu.Lock()
		delete(f.scripts, s.key)
		f.mu.Unlock()
	})
	return s
}

// Prompt is a prompt that selects this script.
func (s *llmScript) Prompt(text string) string { return s.key + " " + text }

func (s *llmScript) markCancelled() { s.once.Do(func() { close(s.cancelled) }) }

// find returns the script whose key one of the messages contains.
func (f *fakeOpenAI) find(messages []chatMessage) *llmScript {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range messages {
		for key, s := range f.scripts {
			if strings.Contains(m.Content, key) {
				return s
			}
		}
	}
	return nil
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model    string        `json:"model"`
	Messages []chatMessage `json:"messages"`
	Stream   bool          `json:"stream"`
}

func (f *fakeOpenAI) chat(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	// Read the body to EOF: only then does net/http watch the connection
	// and cancel r.Context() when the client goes away.
	raw, err := io.ReadAll(r.Body)
	var req chatRequest
	if err == nil {
		err = json.Unmarshal(raw, &req)
	}
	if err != nil {
		writeFakeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{
			"message": "bad request body", "type": "invalid_request_error", "code": nil}})
		return
	}
	s := f.find(req.Messages)
	if s == nil {
		s = &llmScript{tokens: defaultTokens, cancelled: make(chan struct{})}
	}
	s.requests.Add(1)
	usage := map[string]any{"prompt_tokens": fakePromptTokens, "completion_tokens": len(s.tokens),
		"total_tokens": fakePromptTokens + len(s.tokens)}
	if !req.Stream {
		select {
		case <-time.After(s.delay):
		case <-r.Context().Done():
			s.markCancelled()
			return
		}
		writeFakeJSON(w, http.StatusOK, map[string]any{
			"id": "chatcmpl-e2e", "object": "chat.completion", "created": 1700000000, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": strings.Join(s.tokens, "")}}},
			"usage": usage,
		})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	chunk := func(v map[string]any) bool {
		v["id"], v["object"], v["created"], v["model"] = "chatcmpl-e2e", "chat.completion.chunk", 1700000000, req.Model
		b, _ := json.Marshal(v)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	for i, tok := range s.tokens {
		if i > 0 && s.gate != nil {
			select {
			case <-s.gate:
			case <-r.Context().Done():
				s.markCancelled()
				return
			}
		}
		delta := map[string]any{"content": tok}
		if i == 0 {
			delta["role"] = "assistant"
		}
		// Counted before it is written: once written, the client may see
		// the event before this goroutine runs again.
		s.sent.Add(1)
		if r.Context().Err() != nil || !chunk(map[string]any{"choices": []any{
			map[string]any{"index": 0, "delta": delta, "finish_reason": nil}}}) {
			s.markCancelled()
			return
		}
	}
	chunk(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}})
	chunk(map[string]any{"choices": []any{}, "usage": usage})
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
	_ = rc.Flush()
}

func writeFakeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
