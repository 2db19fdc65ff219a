// Package fakeapi runs local HTTP servers that speak the real OpenAI and
// Anthropic wire formats (JSON and SSE streaming), so tests and benchmarks
// exercise the real SDK code: scripted failures (status, Retry-After),
// hangs, gated token streams, request counting and cancellation detection.
package fakeapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"
)

// Reply scripts one request: a non-zero Status answers that error (with
// RetryAfter as the Retry-After header when set); Hang blocks until the
// client gives up.
type Reply struct {
	Status     int
	RetryAfter string
	Hang       bool
}

// Server is one fake provider.
type Server struct {
	*httptest.Server
	// Tokens are streamed one per SSE event (and joined for JSON answers).
	Tokens []string
	// Behave scripts the n-th request (1-based); nil or a zero Reply
	// answers normally.
	Behave func(n int) Reply
	// Gate, when set, is received from before each token after the first.
	Gate chan struct{}
	// Sent receives each token after it is flushed (when set; never blocks
	// longer than the request).
	Sent chan string
	// Delay paces tokens after the first.
	Delay time.Duration

	requests  atomic.Int32
	cancelled atomic.Int32
	mu        sync.Mutex
	lastBody  map[string]any
	done      chan struct{}
}

// Requests is the number of requests received.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// Cancelled is the number of requests whose context ended before the
// handler finished (the client went away).
func (s *Server) Cancelled() int { return int(s.cancelled.Load()) }

// LastBody is the JSON body of the last request.
func (s *Server) LastBody() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastBody
}

func newServer(tokens []string, h func(s *Server) http.Handler) *Server {
	s := &Server{Tokens: tokens, done: make(chan struct{})}
	s.Server = httptest.NewServer(h(s))
	return s
}

// Close stops the server and releases hung handlers.
func (s *Server) Close() {
	select {
	case <-s.done:
	default:
		close(s.done)
	}
	s.Server.CloseClientConnections()
	s.Server.Close()
}

// begin counts the request, decodes its body and applies the script; it
// returns false when the request has been answered (error or hang).
func (s *Server) begin(w http.ResponseWriter, r *http.Request, errBody func(status int) any) (map[string]any, bool) {
	n := int(s.requests.Add(1))
	var body map[string]any
	_ = json.NewDecoder(r.Body).Decode(&body)
	s.mu.Lock()
	s.lastBody = body
	s.mu.Unlock()
	var rep Reply
	if s.Behave != nil {
		rep = s.Behave(n)
	}
	switch {
	case rep.Hang:
		select {
		case <-r.Context().Done():
			s.cancelled.Add(1)
		case <-s.done:
		}
		return nil, false
	case rep.Status != 0:
		if rep.RetryAfter != "" {
			w.Header().Set("Retry-After", rep.RetryAfter)
		}
		writeJSON(w, rep.Status, errBody(rep.Status))
		return nil, false
	}
	return body, true
}

// stream writes the tokens with write, flushing each, honouring Gate,
// Delay and a client that goes away.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, write func(tok string)) bool {
	f, _ := w.(http.Flusher)
	for i, tok := range s.Tokens {
		if i > 0 {
			if s.Gate != nil {
				select {
				case <-s.Gate:
				case <-r.Context().Done():
					s.cancelled.Add(1)
					return false
				case <-s.done:
					return false
				}
			}
			if s.Delay > 0 {
				time.Sleep(s.Delay)
			}
		}
		if r.Context().Err() != nil {
			s.cancelled.Add(1)
			return false
		}
		write(tok)
		if f != nil {
			f.Flush()
		}
		if s.Sent != nil {
			select {
			case s.Sent <- tok:
			case <-r.Context().Done():
			}
		}
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func sseHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
}

func join(tokens []string) string {
	out := ""
	for _, t := range tokens {
		out += t
	}
	return out
}
