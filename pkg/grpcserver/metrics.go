package grpcserver

import (
	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	handled  *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer, service string) *metrics {
	m := &metrics{
		handled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        "grpc_server_handled_total",
			Help:        "RPCs completed on the server, by method and status code.",
			ConstLabels: prometheus.Labels{"service": service},
		}, []string{"grpc_method", "grpc_code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:        "grpc_server_handling_seconds",
			Help:        "RPC latency on the server.",
			ConstLabels: prometheus.Labels{"service": service},
			Buckets:     prometheus.DefBuckets,
		}, []string{"grpc_method"}),
	}
	reg.MustRegister(m.handled, m.duration)
	return m
}
