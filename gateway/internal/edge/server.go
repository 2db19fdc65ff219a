package edge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
)

// NewHTTPServer bounds header size and every phase of a request in time.
func NewHTTPServer(c Config, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              c.Addr(),
		Handler:           h,
		MaxHeaderBytes:    c.MaxHeaderBytes,
		ReadHeaderTimeout: c.ReadHeaderTimeout,
		ReadTimeout:       c.ReadTimeout,
		WriteTimeout:      c.WriteTimeout,
		IdleTimeout:       c.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Serve listens on srv.Addr and serves until ctx is done, then drains:
// for delay it keeps serving while /readyz answers 503 "draining" (a load
// balancer or Kubernetes takes the replica out of rotation) and every
// answer carries "Connection: close" (a client reuses no connection to
// it), then it shuts down gracefully: in-flight requests get up to drain
// to finish. Without the delay, the idle keep-alive connections closed
// by the shutdown race with clients that are just sending on them: such
// a client reads EOF, and may not know whether its POST was done.
func Serve(ctx context.Context, srv *http.Server, log *slog.Logger, delay, drain time.Duration) error {
	lis, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", srv.Addr, err)
	}
	var draining atomic.Bool
	srv.Handler = drainAware(srv.Handler, &draining)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()
	log.Info("gateway listening", "addr", lis.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("http serve: %w", err)
	case <-ctx.Done():
	}
	draining.Store(true)
	if delay > 0 {
		log.Info("draining: not ready, still serving", "drain_delay", delay.String())
		select {
		case err := <-errc:
			return fmt.Errorf("http serve: %w", err)
		case <-time.After(delay):
		}
	}
	log.Info("shutting down", "drain_timeout", drain.String())
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// drainAware answers /readyz with 503 once draining, and closes each
// connection after its answer.
func drainAware(next http.Handler, draining *atomic.Bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !draining.Load() {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Connection", "close")
		if r.URL.Path == "/readyz" {
			errorsx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
			return
		}
		next.ServeHTTP(w, r)
	})
}
