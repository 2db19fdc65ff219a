// Package grpcserver boots a Copydesk gRPC server: the interceptor chain,
// health, reflection (only when asked for), Prometheus metrics, mutual TLS
// (when given a pkg/mtls Config) and graceful shutdown. It owns the
// per-method role Policy (fail closed) and ToStatus, the one mapping of
// domain errors (pkg/errs) to gRPC statuses. pkg/service runs it; a service
// only registers its handlers.
//
// The interceptors are those of go-grpc-middleware v2 and its Prometheus
// provider, in this order (outermost first), for unary and streaming calls
// alike:
//  1. recovery   – last resort: a panic in the chain itself is an Internal
//     answer, never a crash;
//  2. request id – taken from x-request-id or made, returned in the
//     response header and added to every log record of the call;
//  3. metrics    – the standard grpc_server_* family, labelled grpc_type,
//     grpc_service, grpc_method and grpc_code; sees the final code;
//  4. access log – one "finished call" record per call at a level by code
//     (grpc.service, grpc.method, grpc.code, grpc.time_ms, request_id,
//     user_id, company_id);
//  5. recovery   – a handler's panic is logged with its stack and returns
//     here as Internal, so 3 and 4 count and log it as Internal;
//  6. error mapping – ToStatus: domain errors become statuses, unknown
//     errors a neutral Internal logged with their cause;
//  7. auth       – skipped (selector) for Policy.Public methods; otherwise
//     the principal is the bearer token's user, or, for a call without a
//     token, the service named by the peer's verified client certificate
//     (mTLS only); it is put into the context and the method's roles
//     checked;
//  8. plain text – a control character other than newline, carriage
//     return and tab in any text field of the request is a 422 naming the
//     field (pkg/plaintext), so no service stores a NUL.
package grpcserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	"github.com/copydesk/copydesk/pkg/mtls"
	"github.com/copydesk/copydesk/pkg/tracing"
)

// Options configure a server.
type Options struct {
	Name        string // full proto name of the service, e.g. copydesk.tickets.v1.TicketService; its health status
	Addr        string // listen address, e.g. 127.0.0.1:9001
	MetricsAddr string // optional HTTP address for /metrics
	Logger      *slog.Logger
	Verifier    Verifier
	Policy      Policy
	// TLS, when set, serves mutual TLS only: a peer without a certificate
	// from its CA cannot connect. Without it the server is plaintext and no
	// caller can have the service role.
	TLS *mtls.Config
	// Reflection registers the gRPC reflection service (GRPC_REFLECTION).
	Reflection bool
	// HealthAddr, when set, also serves grpc.health.v1 alone in plaintext
	// there (HEALTH_ADDR), for probes that cannot speak mutual TLS (the
	// kubelet's gRPC probe).
	HealthAddr string
	// DrainTimeout bounds GracefulStop on shutdown (default 10s).
	DrainTimeout time.Duration
	// Ready, when set, is checked every ReadyInterval (default 1s) while
	// serving: an error turns the health status NOT_SERVING (e.g. the
	// database is unreachable) until a later check passes.
	Ready         func(ctx context.Context) error
	ReadyInterval time.Duration
}

// Server is a gRPC server with its health service.
type Server struct {
	*grpc.Server
	opts     Options
	health   *health.Server
	registry *prometheus.Registry
}

// Health method names, always public.
const (
	healthCheck = "/grpc.health.v1.Health/Check"
	healthWatch = "/grpc.health.v1.Health/Watch"
	healthList  = "/grpc.health.v1.Health/List"
)

// New builds the server; register services on it, then call Serve.
func New(o Options) *Server {
	if o.DrainTimeout == 0 {
		o.DrainTimeout = 10 * time.Second
	}
	if o.Policy.Public == nil {
		o.Policy.Public = map[string]bool{}
	}
	for _, m := range []string{healthCheck, healthWatch, healthList,
		"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
		"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"} {
		o.Policy.Public[m] = true
	}
	reg, m := newRegistry()
	opts := append(chain(o, m), grpc.MaxRecvMsgSize(8<<20), grpc.StatsHandler(tracing.ServerHandler()))
	opts = append(opts, transportOptions()...)
	if o.TLS != nil {
		opts = append(opts, grpc.Creds(o.TLS.ServerCredentials()))
	}
	gs := grpc.NewServer(opts...)
	hs := health.NewServer()
	healthpb.RegisterHealthServer(gs, hs)
	if o.Reflection {
		reflection.Register(gs)
	}
	return &Server{Server: gs, opts: o, health: hs, registry: reg}
}

// Registry is the server's Prometheus registry, for service metrics.
func (s *Server) Registry() *prometheus.Registry { return s.registry }

// Serve listens and serves until ctx is done, then sets health to
// NOT_SERVING, drains with GracefulStop under DrainTimeout and returns.
// Serve returns an error when the address cannot be bound.
func (s *Server) Serve(ctx context.Context) error {
	lis, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", s.opts.Addr, err)
	}
	return s.ServeListener(ctx, lis)
}

// ServeListener is Serve on an existing listener, which it closes. It
// returns an error when METRICS_ADDR cannot be bound.
func (s *Server) ServeListener(ctx context.Context, lis net.Listener) error {
	var metricsSrv *http.Server
	if s.opts.MetricsAddr != "" {
		mlis, err := net.Listen("tcp", s.opts.MetricsAddr)
		if err != nil {
			_ = lis.Close()
			return fmt.Errorf("listen %s (metrics): %w", s.opts.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
		metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := metricsSrv.Serve(mlis); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.opts.Logger.Error("metrics listener failed", "error", err.Error())
			}
		}()
	}
	if s.opts.HealthAddr != "" {
		hlis, err := net.Listen("tcp", s.opts.HealthAddr)
		if err != nil {
			_ = lis.Close()
			return fmt.Errorf("listen %s (health): %w", s.opts.HealthAddr, err)
		}
		hs := grpc.NewServer()
		healthpb.RegisterHealthServer(hs, s.health)
		go func() { _ = hs.Serve(hlis) }()
		defer hs.Stop()
	}
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	s.health.SetServingStatus(s.opts.Name, healthpb.HealthCheckResponse_SERVING)
	if s.opts.Ready != nil {
		go s.watchReady(ctx)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.Server.Serve(lis) }()
	s.opts.Logger.Info("grpc server listening", "addr", lis.Addr().String())

	select {
	case err := <-errc:
		return fmt.Errorf("grpc serve: %w", err)
	case <-ctx.Done():
	}
	s.opts.Logger.Info("shutting down", "drain_timeout", s.opts.DrainTimeout.String())
	s.health.Shutdown() // every service NOT_SERVING
	done := make(chan struct{})
	go func() { s.Server.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(s.opts.DrainTimeout):
		s.opts.Logger.Warn("drain deadline passed; stopping")
		s.Server.Stop()
	}
	if metricsSrv != nil {
		shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_ = metricsSrv.Shutdown(shutCtx)
	}
	return nil
}

// watchReady keeps the health status in step with Options.Ready until ctx
// is done (after Shutdown the health server ignores updates).
func (s *Server) watchReady(ctx context.Context) {
	every := s.opts.ReadyInterval
	if every <= 0 {
		every = time.Second
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	ready := true
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		cctx, cancel := context.WithTimeout(ctx, every)
		err := s.opts.Ready(cctx)
		cancel()
		if now := err == nil; now != ready && ctx.Err() == nil {
			ready = now
			st := healthpb.HealthCheckResponse_SERVING
			if !ready {
				st = healthpb.HealthCheckResponse_NOT_SERVING
				s.opts.Logger.Warn("not ready", "error", err.Error())
			} else {
				s.opts.Logger.Info("ready again")
			}
			s.health.SetServingStatus("", st)
			s.health.SetServingStatus(s.opts.Name, st)
		}
	}
}
