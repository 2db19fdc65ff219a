package grpcserver

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/copydesk/copydesk/pkg/logging"
)

// TestReadyFollowsTheDatabase: while Ready fails the health status is
// NOT_SERVING (the gateway's /readyz names the service); once it passes
// again the service is SERVING.
func TestReadyFollowsTheDatabase(t *testing.T) {
	var down atomic.Bool
	s := New(Options{Name: "x.v1.S", Logger: logging.New(&syncBuffer{}, "error", "x"), ReadyInterval: 20 * time.Millisecond,
		Ready: func(context.Context) error {
			if down.Load() {
				return errors.New("database unreachable")
			}
			return nil
		}})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeListener(ctx, lis) }()
	t.Cleanup(func() { cancel(); <-done })
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	hc := healthpb.NewHealthClient(conn)
	waitFor := func(want healthpb.HealthCheckResponse_ServingStatus) {
		t.Helper()
		var got healthpb.HealthCheckResponse_ServingStatus
		for range 500 {
			res, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: "x.v1.S"})
			if err == nil && res.GetStatus() == want {
				return
			}
			got = res.GetStatus()
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("health %v, want %v", got, want)
	}
	waitFor(healthpb.HealthCheckResponse_SERVING)
	down.Store(true)
	waitFor(healthpb.HealthCheckResponse_NOT_SERVING)
	down.Store(false)
	waitFor(healthpb.HealthCheckResponse_SERVING)
}
