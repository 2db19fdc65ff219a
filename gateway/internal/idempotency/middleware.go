package idempotency

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/copydesk/copydesk/gateway/internal/httpbuf"
)

// Header is the request header that carries the key; ReplayedHeader marks
// an answer given again.
const (
	Header         = "Idempotency-Key"
	ReplayedHeader = "Idempotent-Replayed"
	MaxKeyLen      = 255
)

// Keys serves requests that carry an Idempotency-Key.
type Keys struct {
	store *Store
	log   *slog.Logger
	// wait is how long a duplicate waits for the first request's answer
	// before it is told to retry (409).
	wait time.Duration
	poll time.Duration
}

// NewKeys returns the middleware step over store.
func NewKeys(store *Store, log *slog.Logger, wait time.Duration) *Keys {
	return &Keys{store: store, log: log, wait: wait, poll: 25 * time.Millisecond}
}

// Problem is an answer the middleware gives itself (the caller writes it
// in the REST face's error shape).
type Problem struct {
	Status int
	Detail string
	// RetryAfter, when set, is sent as Retry-After (seconds).
	RetryAfter int
}

// Serve runs next at most once per (company, user, key): the first
// request runs and its answer is kept; a repeat gets that answer. body is
// the request body as the client sent it (already read); the fingerprint
// covers the route, the query and the body. A non-nil Problem means
// Serve answered nothing and the caller must write it.
func (k *Keys) Serve(w http.ResponseWriter, r *http.Request, key, companyID, userID string, body []byte, next http.HandlerFunc) *Problem {
	if key == "" || len(key) > MaxKeyLen || !printable(key) {
		return &Problem{Status: http.StatusBadRequest, Detail: "Idempotency-Key must be 1 to 255 printable ASCII characters"}
	}
	fingerprint := fingerprintOf(r, body)
	id := ScopedID(companyID, userID, key)
	owner := rand.Text()
	ctx := r.Context()
	deadline := time.Now().Add(k.wait)
	for {
		held, err := k.store.claim(ctx, id, owner, companyID, userID, fingerprint)
		if err != nil {
			k.log.ErrorContext(ctx, "idempotency key store", "err", err)
			return &Problem{Status: http.StatusServiceUnavailable, Detail: "Service temporarily unavailable", RetryAfter: 1}
		}
		if held == nil {
			k.run(w, r, id, owner, next)
			return nil
		}
		if held.Fingerprint != fingerprint {
			return &Problem{Status: http.StatusUnprocessableEntity,
				Detail: "Idempotency-Key was already used with a different request; use a new key for a new request"}
		}
		if held.State == stateDone {
			replay(w, held)
			return nil
		}
		if time.Now().After(deadline) {
			return &Problem{Status: http.StatusConflict,
				Detail: "A request with this Idempotency-Key is still in progress; retry later", RetryAfter: 1}
		}
		select {
		case <-ctx.Done():
			return &Problem{Status: http.StatusServiceUnavailable, Detail: "Request cancelled"}
		case <-time.After(k.poll):
		}
	}
}

// fingerprintOf identifies a request: method, path, query and body.
func fingerprintOf(r *http.Request, body []byte) string {
	sum := sha256.Sum256([]byte(r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery + "\x00" + string(body)))
	return hex.EncodeToString(sum[:])
}

// run serves the request that owns the key and keeps its answer; a 5xx,
// a 408 or a 429 is not kept, so a retry runs again.
func (k *Keys) run(w http.ResponseWriter, r *http.Request, id, owner string, next http.HandlerFunc) {
	rec := &httpbuf.Answer{Head: w.Header()}
	next(rec, r)
	code := rec.Status()
	// The answer is kept even when the client has gone: its retry must
	// find it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	if code >= 500 || code == http.StatusRequestTimeout || code == http.StatusTooManyRequests {
		if err := k.store.release(ctx, id, owner); err != nil {
			k.log.ErrorContext(ctx, "idempotency key release", "err", err)
		}
	} else if err := k.store.complete(ctx, id, owner, code, w.Header().Get("Content-Type"), rec.Body.Bytes()); err != nil {
		// The request ran but its answer is not kept: the pending
		// record's lease runs out and a retry runs again.
		k.log.ErrorContext(ctx, "idempotency key complete", "err", err)
	}
	w.WriteHeader(code)
	_, _ = io.Copy(w, &rec.Body)
}

func replay(w http.ResponseWriter, r *record) {
	if r.ContentType != "" {
		w.Header().Set("Content-Type", r.ContentType)
	}
	w.Header().Set(ReplayedHeader, "true")
	w.Header().Set("Content-Length", strconv.Itoa(len(r.Body)))
	w.WriteHeader(r.Status)
	_, _ = w.Write(r.Body)
}

func printable(s string) bool {
	for i := range len(s) {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
