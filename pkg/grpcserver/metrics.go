package grpcserver

import (
	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// newRegistry is a server's own registry: the Go runtime and process
// collectors and the standard gRPC server metrics (grpc_server_started_total,
// grpc_server_handled_total, grpc_server_handling_seconds, … labelled
// grpc_type, grpc_service, grpc_method and grpc_code), which the returned
// interceptors record.
func newRegistry() (*prometheus.Registry, *grpcprom.ServerMetrics) {
	m := grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram())
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), m)
	return reg, m
}
