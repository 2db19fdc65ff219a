// Package tracing is OpenTelemetry for every Copydesk process: spans for
// each gRPC call served and made (otelgrpc stats handlers, installed by
// pkg/grpcserver and pkg/grpcclient) and each HTTP request at the gateway
// (otelhttp), joined into one trace by W3C trace context (traceparent)
// carried in HTTP headers and gRPC metadata. Spans are exported over
// OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, and not made at all
// otherwise. pkg/logging puts the trace and span ids into every log record
// of a traced call. Health checks, /healthz, /readyz and /metrics are not
// traced.
package tracing

import (
	"context"
	"net/http"
	"strings"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc/filters"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc/stats"
)

// EnvEndpoint is the setting that turns tracing on: the collector's
// OTLP/HTTP base URL, e.g. http://otel-collector:4318 (spans go to
// <endpoint>/v1/traces).
const EnvEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT"

func init() {
	// Trace context is carried even when this process does not export, so
	// that a trace begun upstream reaches the services that do.
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
}

// Start makes the process export its spans to endpoint as service (the
// resource's service.name) and returns the function that flushes and
// stops the exporter at shutdown. With no endpoint it does nothing. The
// batch exporter follows the OTEL_BSP_* variables (e.g. the delay).
func Start(ctx context.Context, service, endpoint string) (func(context.Context) error, error) {
	if endpoint == "" {
		return func(context.Context) error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(strings.TrimRight(endpoint, "/")+"/v1/traces"))
	if err != nil {
		return nil, err
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exp),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", service))),
	)
	otel.SetTracerProvider(tp)
	return tp.Shutdown, nil
}

// Flush runs stop (from Start) with a few seconds to send the last spans.
func Flush(stop func(context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = stop(ctx)
}

// ServerHandler traces every call a gRPC server serves, health checks
// aside.
func ServerHandler() stats.Handler {
	return otelgrpc.NewServerHandler(otelgrpc.WithFilter(filters.Not(filters.HealthCheck())))
}

// ClientHandler traces every call a client makes and sends the trace
// context in its metadata (health checks aside: /readyz's are not traced).
func ClientHandler() stats.Handler {
	return otelgrpc.NewClientHandler(otelgrpc.WithFilter(filters.Not(filters.HealthCheck())))
}

// HTTP traces every request h serves as a server span named after the
// method (the route is not known yet; the path is an attribute), reading
// a caller's traceparent; the operational endpoints are left out.
func HTTP(h http.Handler) http.Handler {
	return otelhttp.NewHandler(h, "http",
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return r.Method }),
		otelhttp.WithFilter(func(r *http.Request) bool {
			switch r.URL.Path {
			case "/healthz", "/readyz", "/metrics":
				return false
			}
			return true
		}))
}
