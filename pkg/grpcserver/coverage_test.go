package grpcserver_test

import (
	"slices"
	"testing"

	"google.golang.org/grpc"

	"github.com/copydesk/copydesk/pkg/grpcserver"
)

// TestCoverage: a method without roles (or with none) is missing, a listed
// method no service has is unknown; public methods count as listed.
func TestCoverage(t *testing.T) {
	t.Parallel()
	sd := grpc.ServiceDesc{ServiceName: "x.v1.S",
		Methods: []grpc.MethodDesc{{MethodName: "Get"}, {MethodName: "Put"}, {MethodName: "Ping"}, {MethodName: "Drop"}},
		Streams: []grpc.StreamDesc{{StreamName: "Watch"}}}
	p := grpcserver.Policy{
		Public: map[string]bool{"/x.v1.S/Ping": true},
		Roles:  map[string][]string{"/x.v1.S/Get": {"client"}, "/x.v1.S/Drop": {}, "/x.v1.S/Gone": {"client"}},
	}
	missing, unknown := p.Coverage(sd)
	if !slices.Equal(missing, []string{"/x.v1.S/Drop", "/x.v1.S/Put", "/x.v1.S/Watch"}) || !slices.Equal(unknown, []string{"/x.v1.S/Gone"}) {
		t.Fatalf("missing %q, unknown %q", missing, unknown)
	}
}
