// Package grpcserver boots a Copydesk gRPC service: interceptors, health,
// reflection, Prometheus metrics and graceful shutdown.
//
// Interceptor order (outermost first), for unary and streaming calls alike:
//  1. recovery   – a panic becomes Internal and is logged, never a crash;
//  2. request id – taken from x-request-id or made, put in logs and the
//     response header;
//  3. metrics + access log – sees the final status code of the call;
//  4. error mapping – domain errors (pkg/errs) become gRPC statuses, unknown
//     errors become a neutral Internal and are logged with their cause;
//  5. auth – bearer token verified, principal put into the context, the
//     method's allowed roles checked (fail closed).
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
)

// Options configure a server.
type Options struct {
	Name        string // service name, for health and metrics
	Addr        string // listen address, e.g. 127.0.0.1:9001
	MetricsAddr string // optional HTTP address for /metrics
	Logger      *slog.Logger
	Verifier    Verifier
	Policy      Policy
	// DrainTimeout bounds GracefulStop on shutdown (default 10s).
	DrainTimeout time.Duration
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
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	m := newMetrics(reg, o.Name)
	ic := interceptors{log: o.Logger, verifier: o.Verifier, policy: o.Policy, metrics: m, mapErr: errorMapping(o.Logger)}
	gs := grpc.NewServer(
		grpc.ChainUnaryInterceptor(ic.unary),
		grpc.ChainStreamInterceptor(ic.stream),
		grpc.MaxRecvMsgSize(8<<20),
	)
	hs := health.NewServer()
	healthpb.RegisterHealthServer(gs, hs)
	reflection.Register(gs)
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

// ServeListener is Serve on an existing listener.
func (s *Server) ServeListener(ctx context.Context, lis net.Listener) error {
	var metricsSrv *http.Server
	if s.opts.MetricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("/metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
		metricsSrv = &http.Server{Addr: s.opts.MetricsAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := metricsSrv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.opts.Logger.Error("metrics listener failed", "error", err.Error())
			}
		}()
	}
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	s.health.SetServingStatus(s.opts.Name, healthpb.HealthCheckResponse_SERVING)
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
