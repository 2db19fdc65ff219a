package edge_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"

	"github.com/copydesk/copydesk/gateway/internal/edge"
	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/principal"
)

// fakeLLM streams tokens; after the first it waits for gate before each
// one, and records when its stream context ends early.
type fakeLLM struct {
	llmv1.UnimplementedLLMServiceServer
	tokens    []string
	gate      chan struct{}
	sentLast  atomic.Bool
	cancelled chan struct{}
	failAfter int   // >0: fail after that many tokens
	refuse    error // refuse before the first token
}

func (f *fakeLLM) StreamComplete(_ *llmv1.StreamCompleteRequest, s llmv1.LLMService_StreamCompleteServer) error {
	if f.refuse != nil {
		st, _ := grpcserver.ToStatus(f.refuse)
		return st.Err()
	}
	for i, tok := range f.tokens {
		if f.failAfter > 0 && i == f.failAfter {
			st, _ := grpcserver.ToStatus(errs.New(errs.ErrUnavailable, "The LLM provider is unavailable"))
			return st.Err()
		}
		if i > 0 {
			select {
			case <-f.gate:
			case <-s.Context().Done():
				close(f.cancelled)
				return s.Context().Err()
			}
		}
		f.sentLast.Store(i == len(f.tokens)-1)
		if err := s.Send(&llmv1.StreamCompleteResponse{Delta: tok, Model: "offline-1", Provider: "offline"}); err != nil {
			return err
		}
	}
	return s.Send(&llmv1.StreamCompleteResponse{Done: true, Model: "offline-1", Provider: "offline",
		Usage: &llmv1.Usage{PromptTokens: 2, CompletionTokens: int32(len(f.tokens)), TotalTokens: int32(2 + len(f.tokens))}})
}

func llmEnv(t *testing.T, f llmv1.LLMServiceServer) (url, token string) {
	t.Helper()
	addr := startGRPC(t, func(s *grpc.Server) { llmv1.RegisterLLMServiceServer(s, f) })
	cfg, err := edge.LoadConfig(config.FromMap(map[string]string{"LLM_ADDR": addr, "WRITE_TIMEOUT": "1s",
		"STREAM_IDLE_TIMEOUT": "300ms"}))
	if err != nil {
		t.Fatal(err)
	}
	tokens, _ := authn.GenerateSigner(cfg.JWTIssuer, time.Minute)
	backends, closeAll, err := edge.Dial(cfg.ServiceAddrs, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closeAll() })
	log := logging.New(&syncBuffer{}, "error", "gateway")
	h, err := edge.NewHandler(t.Context(), edge.Options{Logger: log, Verifier: authn.NewVerifier(tokens, cfg.JWTIssuer), Backends: backends,
		Limits: edge.Limits{StreamIdle: cfg.Limits.StreamIdle}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = edge.NewHTTPServer(cfg, h, log)
	ts.Start()
	t.Cleanup(ts.Close)
	tok, _ := tokens.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleContentWriter})
	return ts.URL, tok
}

func postSSE(t *testing.T, ctx context.Context, url, token, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = res.Body.Close() })
	return res
}

// nextEvent reads one SSE event: its name ("" for data-only) and data.
func nextEvent(t *testing.T, r *bufio.Reader) (name, data string) {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading event: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && data != "":
			return name, data
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		}
	}
}

func TestLLMStreamEventsArriveOneByOne(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/api/llm/completion/stream", "/api/llm/completion"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			f := &fakeLLM{tokens: []string{"one", " two", " three"}, gate: make(chan struct{}), cancelled: make(chan struct{})}
			url, tok := llmEnv(t, f)
			res := postSSE(t, t.Context(), url+path, tok, `{"prompt":"hi","stream":true}`)
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" || res.Header.Get("X-Accel-Buffering") != "no" {
				t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
			}
			r := bufio.NewReader(res.Body)
			for i, want := range f.tokens {
				name, data := nextEvent(t, r)
				if name != "" || !strings.Contains(data, `"delta":"`+want+`"`) {
					t.Fatalf("event %d = %s %s, want delta %q", i, name, data, want)
				}
				if f.sentLast.Load() != (i == len(f.tokens)-1) {
					t.Fatalf("event %d arrived after the fake sent its last token: not flushed per token", i)
				}
				if i < len(f.tokens)-1 {
					f.gate <- struct{}{}
				}
			}
			name, data := nextEvent(t, r)
			if name != "usage" || !strings.Contains(data, `"completion_tokens":3`) || !strings.Contains(data, `"done":true`) {
				t.Fatalf("final event %s %s, want usage", name, data)
			}
		})
	}
}

func TestLLMStreamClientDisconnectCancelsUpstream(t *testing.T) {
	t.Parallel()
	f := &fakeLLM{tokens: []string{"one", " two"}, gate: make(chan struct{}), cancelled: make(chan struct{})}
	url, tok := llmEnv(t, f)
	ctx, cancel := context.WithCancel(t.Context())
	res := postSSE(t, ctx, url+"/api/llm/completion/stream", tok, `{"prompt":"hi"}`)
	nextEvent(t, bufio.NewReader(res.Body))
	cancel() // the client goes away after the first token
	select {
	case <-f.cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the LLM service's stream was not cancelled after the client left")
	}
}

func TestLLMStreamErrors(t *testing.T) {
	t.Parallel()
	// before the first byte: an ordinary JSON error with its status
	f := &fakeLLM{refuse: &errs.RateLimitedError{Msg: "Monthly LLM budget exhausted", RetryAfter: time.Hour}}
	url, tok := llmEnv(t, f)
	res := postSSE(t, t.Context(), url+"/api/llm/completion/stream", tok, `{"prompt":"hi"}`)
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" || strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("refused stream: %d %v", res.StatusCode, res.Header)
	}
	// after the first byte: a final error event
	f = &fakeLLM{tokens: []string{"one", " two"}, failAfter: 1, gate: make(chan struct{}), cancelled: make(chan struct{})}
	url, tok = llmEnv(t, f)
	r := bufio.NewReader(postSSE(t, t.Context(), url+"/api/llm/completion/stream", tok, `{"prompt":"hi"}`).Body)
	nextEvent(t, r)
	name, data := nextEvent(t, r)
	if name != "error" || !strings.Contains(data, `"status":503`) || !strings.Contains(data, `"detail":"Service unavailable"`) && !strings.Contains(data, "unavailable") {
		t.Fatalf("mid-stream failure: %s %s", name, data)
	}
}
