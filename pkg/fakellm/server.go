package fakellm

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

// Server is one fake provider on 127.0.0.1. The embedded Script is its
// default: it answers the requests that select no keyed script, and its
// counters (Requests, Cancelled, Sent) count those requests only.
type Server struct {
	*httptest.Server
	*Script

	openAI  bool
	mu      sync.Mutex
	scripts map[string]*Script
	done    chan struct{}
	close   sync.Once
}

// OpenAI starts a fake OpenAI API (BaseURL is URL+"/v1") whose default
// script streams tokens (DefaultTokens when none are given).
func OpenAI(tokens ...string) *Server {
	s := newServer(true, tokens)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.openAIChat)
	mux.HandleFunc("POST /v1/embeddings", s.openAIEmbeddings)
	s.Server = httptest.NewServer(mux)
	return s
}

// Anthropic starts a fake Anthropic API (BaseURL is URL) whose default
// script streams tokens (DefaultTokens when none are given).
func Anthropic(tokens ...string) *Server {
	s := newServer(false, tokens)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/messages", s.anthropicMessages)
	s.Server = httptest.NewServer(mux)
	return s
}

func newServer(openAI bool, tokens []string) *Server {
	return &Server{Script: newScript("", tokens), openAI: openAI,
		scripts: map[string]*Script{}, done: make(chan struct{})}
}

// BaseURL is what the SDK's base URL setting would be (OPENAI_BASE_URL,
// ANTHROPIC_BASE_URL).
func (s *Server) BaseURL() string {
	if s.openAI {
		return s.URL + "/v1"
	}
	return s.URL
}

// Close releases hung handlers and stops the server. It may be called
// more than once.
func (s *Server) Close() {
	s.close.Do(func() {
		close(s.done)
		s.Server.CloseClientConnections()
		s.Server.Close()
	})
}

// Cleaner is the part of testing.TB that NewScript needs.
type Cleaner interface{ Cleanup(func()) }

// NewScript registers a script for the requests whose body contains its
// key (put it into the prompt with Script.Prompt); it is removed when t's
// test ends. Without tokens it streams DefaultTokens.
func (s *Server) NewScript(t Cleaner, tokens ...string) *Script {
	var b [8]byte
	_, _ = rand.Read(b[:])
	sc := newScript("fakellm-"+hex.EncodeToString(b[:]), tokens)
	s.mu.Lock()
	s.scripts[sc.key] = sc
	s.mu.Unlock()
	t.Cleanup(func() {
		s.mu.Lock()
		delete(s.scripts, sc.key)
		s.mu.Unlock()
	})
	return sc
}

// pick returns the keyed script whose key the raw body contains, else the
// default script.
func (s *Server) pick(raw []byte) *Script {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, sc := range s.scripts {
		if bytes.Contains(raw, []byte(key)) {
			return sc
		}
	}
	return s.Script
}

// exchange is one request being answered.
type exchange struct {
	srv   *Server
	sc    *Script
	w     http.ResponseWriter
	r     *http.Request
	body  map[string]any
	reply Reply
}

// begin reads and decodes the body (to EOF: only then does net/http watch
// the connection and cancel r.Context() when the client goes away),
// selects the script, counts the request and applies the scripted error
// or hang. It returns nil when the request has been answered.
func (s *Server) begin(w http.ResponseWriter, r *http.Request, errBody func(status int) any) *exchange {
	raw, err := io.ReadAll(r.Body)
	var body map[string]any
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errBody(http.StatusBadRequest))
		return nil
	}
	x := &exchange{srv: s, sc: s.pick(raw), w: w, r: r, body: body}
	x.reply = x.sc.take(body)
	switch rep := x.reply; {
	case rep.Hang:
		select {
		case <-r.Context().Done():
			x.sc.markCancelled()
		case <-s.done:
		}
		return nil
	case rep.Status != 0:
		if rep.RetryAfter != "" {
			w.Header().Set("Retry-After", rep.RetryAfter)
		}
		if rep.RetryAfterMS != "" {
			w.Header().Set("retry-after-ms", rep.RetryAfterMS)
		}
		writeJSON(w, rep.Status, errBody(rep.Status))
		return nil
	}
	return x
}

func (x *exchange) model() string {
	m, _ := x.body["model"].(string)
	return m
}

func (x *exchange) streaming() bool {
	b, _ := x.body["stream"].(bool)
	return b
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
