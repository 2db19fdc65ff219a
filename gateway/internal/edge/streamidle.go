package edge

import (
	"context"
	"net/http"
	"time"
)

// A streaming answer has no overall write deadline (it lives as long as
// its client), but each write must be taken by the client within the idle
// timeout (Limits.StreamIdle): a client that stops reading fills the TCP
// buffers, the write blocks, its deadline passes, the write fails, and
// the handler returns, which cancels the upstream gRPC stream. Without
// this, such a client would hold a goroutine, a backend stream and an LLM
// call for as long as it liked.

type streamIdleKey struct{}

func withStreamIdle(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, streamIdleKey{}, d)
}

func streamIdle(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(streamIdleKey{}).(time.Duration); ok && d > 0 {
		return d
	}
	return 30 * time.Second
}

// sseOut writes a stream, each write with a fresh idle deadline (which
// also covers the flush after it).
type sseOut struct {
	w    http.ResponseWriter
	rc   *http.ResponseController
	idle time.Duration
}

func (o sseOut) Write(p []byte) (int, error) {
	_ = o.rc.SetWriteDeadline(time.Now().Add(o.idle))
	return o.w.Write(p)
}
