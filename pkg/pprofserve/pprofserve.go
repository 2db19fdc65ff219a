// Package pprofserve serves Go's runtime profiles (net/http/pprof) on a
// listener of their own when PPROF_ADDR is set: off by default, and bound
// to loopback only, since a profile shows the process's internals and a
// CPU profile costs CPU. It is how the performance bench profiles a
// process under load (docs/performance.md):
//
//	go tool pprof -top http://127.0.0.1:6060/debug/pprof/profile?seconds=10
package pprofserve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// EnvAddr names the setting.
const EnvAddr = "PPROF_ADDR"

// Listen checks addr (a loopback host and a port) and listens on it.
func Listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w", EnvAddr, addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("%s %q: profiles are served on a loopback address only", EnvAddr, addr)
	}
	return net.Listen("tcp", addr)
}

// Handler serves the profiles under /debug/pprof/.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// Serve serves the profiles on lis until ctx is done.
func Serve(ctx context.Context, lis net.Listener, log *slog.Logger) {
	srv := &http.Server{Handler: Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	log.Info("profiles served", "addr", lis.Addr().String())
	if err := srv.Serve(lis); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("pprof server", "error", err.Error())
	}
}
