package grpcclient

import (
	"context"
	"net"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/peer"
)

func replica(t *testing.T) (addr string, stop func()) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	healthpb.RegisterHealthServer(s, health.NewServer())
	go func() { _ = s.Serve(lis) }()
	t.Cleanup(s.Stop)
	return lis.Addr().String(), s.GracefulStop
}

// TestAddressListRoundRobins: "a,b" spreads calls over both replicas, and
// once one drains every call goes to the other without a failure.
func TestAddressListRoundRobins(t *testing.T) {
	a, stopA := replica(t)
	b, _ := replica(t)
	conn, err := Dial(a+","+b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	hc := healthpb.NewHealthClient(conn)
	seen := map[string]int{}
	call := func() string {
		t.Helper()
		var p peer.Peer
		if _, err := hc.Check(context.Background(), &healthpb.HealthCheckRequest{}, grpc.Peer(&p)); err != nil {
			t.Fatalf("call failed: %v", err)
		}
		return p.Addr.String()
	}
	for range 20 {
		seen[call()]++
	}
	if seen[a] == 0 || seen[b] == 0 {
		t.Fatalf("calls per replica: %v", seen)
	}
	stopA()
	for range 20 {
		if got := call(); got != b {
			t.Fatalf("call went to the drained replica %s", got)
		}
	}
}
