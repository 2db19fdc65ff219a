// Package provider implements llm.Provider for OpenAI (go-openai, any
// OpenAI-compatible base URL), Anthropic (the official SDK) and an offline
// deterministic provider. The SDKs' own retries are off: the domain owns
// the retry budget. Errors come back as *llm.ProviderError, classified.
package provider

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// newHTTPClient returns a client whose transport records the headers of
// failed responses into the request's context (see withHeaders), so that
// Retry-After can be honoured whatever the SDK exposes. The client has no
// overall timeout: the caller's context carries the deadline.
func newHTTPClient() (*http.Client, *http.Transport) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = 0
	return &http.Client{Transport: headerRecorder{tr}}, tr
}

type headerBox struct {
	mu sync.Mutex
	h  http.Header
}

type headerKey struct{}

// withHeaders returns ctx carrying a box for the last failed response's
// headers.
func withHeaders(ctx context.Context) (context.Context, *headerBox) {
	b := &headerBox{}
	return context.WithValue(ctx, headerKey{}, b), b
}

func (b *headerBox) get() http.Header {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.h
}

type headerRecorder struct{ next http.RoundTripper }

func (h headerRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := h.next.RoundTrip(r)
	if err == nil && resp.StatusCode >= 400 {
		if b, ok := r.Context().Value(headerKey{}).(*headerBox); ok {
			b.mu.Lock()
			b.h = resp.Header.Clone()
			b.mu.Unlock()
		}
	}
	return resp, err
}

// retryAfter reads retry-after-ms (OpenAI) or Retry-After (seconds or an
// HTTP date).
func retryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if v := h.Get("retry-after-ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// classify turns an SDK error into a *llm.ProviderError. status is the HTTP
// status if the SDK exposed one (0 otherwise). A cancelled caller context
// is returned unchanged: nobody wants the answer any more.
func classify(ctx context.Context, name string, status int, box *headerBox, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err()
	}
	pe := &llm.ProviderError{Provider: name, Status: status, Err: err}
	var ne net.Error
	switch {
	case status != 0:
		pe.Retryable = llm.RetryableStatus(status)
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		pe.Retryable, pe.Timeout = true, true
	default: // connection refused or reset, truncated stream
		pe.Retryable = true
	}
	if box != nil {
		pe.RetryAfter = retryAfter(box.get(), time.Now())
	}
	return pe
}
