package fakellm

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTokens answer scripts made without tokens.
var DefaultTokens = []string{"Hello", " from", " the", " fake"}

// PromptTokens is the prompt_tokens (OpenAI) and input_tokens (Anthropic)
// every chat answer reports, so that a test can tell the provider's usage
// from an estimate. completion_tokens / output_tokens is the number of
// tokens; an embedding's prompt_tokens is the number of words of its
// inputs.
const PromptTokens = 11

// Reply scripts one request. The zero Reply answers normally.
type Reply struct {
	// Status, when not zero, answers that HTTP status with the vendor's
	// error body (OpenAI {"error":{…}}, Anthropic {"type":"error",…}).
	Status int
	// RetryAfter and RetryAfterMS go with Status as the Retry-After and
	// retry-after-ms headers when set (e.g. "1", "250").
	RetryAfter   string
	RetryAfterMS string
	// Hang sends nothing until the client gives up (its deadline or
	// cancellation, counted by Cancelled) or the server closes.
	Hang bool
	// Malformed answers 200 with a body the SDK cannot parse: cut JSON,
	// or for a stream an event whose data is not JSON.
	Malformed bool
	// CutAfter, when > 0, breaks a stream's connection after that many
	// tokens, without the closing events (the client reads an unexpected
	// EOF).
	CutAfter int
}

// Script is what a server answers and what it saw. Set its fields before
// the requests they should affect are sent.
type Script struct {
	// Tokens are streamed one per event, and joined for JSON answers.
	Tokens []string
	// Behave scripts the n-th request this script answers (1-based); nil
	// answers every request normally.
	Behave func(n int) Reply
	// Gate, when set, is received from before each token after the first:
	// the test releases a stream token by token.
	Gate chan struct{}
	// Delay holds back a JSON answer, and each streamed token after the
	// first (a slow model).
	Delay time.Duration
	// Embed makes an embedding; nil uses Vector.
	Embed func(text string) []float32

	key       string
	requests  atomic.Int32
	sent      atomic.Int32
	cancelled atomic.Int32

	mu       sync.Mutex
	lastBody map[string]any
	changed  chan struct{} // closed and replaced when cancelled grows
}

func newScript(key string, tokens []string) *Script {
	if len(tokens) == 0 {
		tokens = DefaultTokens
	}
	return &Script{key: key, Tokens: tokens}
}

// Key is the string that selects this script ("" for a server's default).
func (s *Script) Key() string { return s.key }

// Prompt returns text prefixed with the script's key: a prompt that
// selects this script.
func (s *Script) Prompt(text string) string {
	if s.key == "" {
		return text
	}
	return s.key + " " + text
}

// Requests is the number of requests this script answered (errors,
// hangs and embeddings included).
func (s *Script) Requests() int { return int(s.requests.Load()) }

// Sent is the number of tokens written to streams so far; a token is
// counted just before it is written, so a client that got event n sees
// Sent() >= n.
func (s *Script) Sent() int { return int(s.sent.Load()) }

// Cancelled is the number of requests whose client went away (context
// cancelled, deadline passed, connection closed) before the answer ended.
func (s *Script) Cancelled() int { return int(s.cancelled.Load()) }

// WaitCancelled blocks until at least n requests were cancelled by their
// client, or ctx ends.
func (s *Script) WaitCancelled(ctx context.Context, n int) error {
	for {
		ch := s.changes()
		if s.Cancelled() >= n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("fakellm: %d of %d requests cancelled: %w", s.Cancelled(), n, ctx.Err())
		}
	}
}

// LastBody is the decoded JSON body of the last request (nil before any).
func (s *Script) LastBody() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastBody
}

// LastText is the text of the last request: its system prompt, message
// contents and embedding inputs, one per line.
func (s *Script) LastText() string {
	var out []string
	collectText(s.LastBody(), &out)
	return strings.Join(out, "\n")
}

func (s *Script) changes() chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changed == nil {
		s.changed = make(chan struct{})
	}
	return s.changed
}

func (s *Script) markCancelled() {
	s.cancelled.Add(1)
	s.mu.Lock()
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
	s.mu.Unlock()
}

// take counts a request and returns its Reply.
func (s *Script) take(body map[string]any) Reply {
	n := int(s.requests.Add(1))
	s.mu.Lock()
	s.lastBody = body
	s.mu.Unlock()
	if s.Behave == nil {
		return Reply{}
	}
	return s.Behave(n)
}

// collectText appends the texts of system, messages[].content (a string
// or text blocks) and input (a string or strings).
func collectText(body map[string]any, out *[]string) {
	addText := func(v any) {
		switch v := v.(type) {
		case string:
			*out = append(*out, v)
		case []any:
			for _, e := range v {
				switch e := e.(type) {
				case string:
					*out = append(*out, e)
				case map[string]any:
					if t, ok := e["text"].(string); ok {
						*out = append(*out, t)
					}
				}
			}
		}
	}
	addText(body["system"])
	if msgs, ok := body["messages"].([]any); ok {
		for _, m := range msgs {
			if m, ok := m.(map[string]any); ok {
				addText(m["content"])
			}
		}
	}
	addText(body["input"])
}
