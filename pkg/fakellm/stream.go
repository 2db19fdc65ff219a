package fakellm

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// hold waits for the gate (when gate is set) and then d. It returns false,
// counting the cancellation, when the client went away, and false when
// the server closes.
func (x *exchange) hold(gate chan struct{}, d time.Duration) bool {
	done := x.r.Context().Done()
	if gate != nil {
		select {
		case <-gate:
		case <-done:
			x.sc.markCancelled()
			return false
		case <-x.srv.done:
			return false
		}
	}
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-done:
			x.sc.markCancelled()
			return false
		case <-x.srv.done:
			return false
		}
	}
	return true
}

// answerJSON writes the JSON answer v after the script's Delay, or cut
// JSON when the reply is Malformed.
func (x *exchange) answerJSON(v any) {
	if !x.hold(nil, x.sc.Delay) {
		return
	}
	if x.reply.Malformed {
		x.w.Header().Set("Content-Type", "application/json")
		x.w.WriteHeader(http.StatusOK)
		_, _ = fmt.Fprint(x.w, `{"id": "fake", "choices": [{"index": 0, "mess`)
		return
	}
	writeJSON(x.w, http.StatusOK, v)
}

// sse writes one Server-Sent Event (name "" for none) and flushes it.
func (x *exchange) sse(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if name != "" {
		if _, err := fmt.Fprintf(x.w, "event: %s\n", name); err != nil {
			return err
		}
	}
	if _, err := fmt.Fprintf(x.w, "data: %s\n\n", b); err != nil {
		return err
	}
	return http.NewResponseController(x.w).Flush()
}

// startSSE sends the event-stream headers. For a Malformed reply it
// then sends an event (named event, "" for none) whose data is not JSON,
// and reports false: the stream is over.
func (x *exchange) startSSE(event string) bool {
	x.w.Header().Set("Content-Type", "text/event-stream")
	x.w.Header().Set("Cache-Control", "no-cache")
	x.w.WriteHeader(http.StatusOK)
	if x.reply.Malformed {
		if event != "" {
			_, _ = fmt.Fprintf(x.w, "event: %s\n", event)
		}
		_, _ = fmt.Fprint(x.w, "data: {\"choices\": [{\"delta\": {\"content\": \"tr\n\n")
		_ = http.NewResponseController(x.w).Flush()
		return false
	}
	return true
}

// tokens streams the script's tokens with event, honouring Gate, Delay,
// CutAfter and a client that goes away. It returns false when the stream
// ended early (the handler must return).
func (x *exchange) tokens(event func(i int, tok string) error) bool {
	for i, tok := range x.sc.Tokens {
		if i > 0 && !x.hold(x.sc.Gate, x.sc.Delay) {
			return false
		}
		if x.reply.CutAfter > 0 && i == x.reply.CutAfter {
			panic(http.ErrAbortHandler) // net/http drops the connection
		}
		if x.r.Context().Err() != nil {
			x.sc.markCancelled()
			return false
		}
		// Counted before it is written: once written, the client may
		// see the event before this goroutine runs again.
		x.sc.sent.Add(1)
		if err := event(i, tok); err != nil {
			x.sc.markCancelled()
			return false
		}
	}
	if x.reply.CutAfter > 0 && x.reply.CutAfter >= len(x.sc.Tokens) {
		panic(http.ErrAbortHandler)
	}
	return true
}

func (x *exchange) text() string { return strings.Join(x.sc.Tokens, "") }
