package grpcserver

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/principal"
)

func outgoing(ctx context.Context, kv ...string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, kv...)
}

// A handler's panic answers Internal without its value, and the metrics and
// the access log record the call as Internal, not OK.
func TestPanicIsInternalInMetricsAndLog(t *testing.T) {
	t.Parallel()
	h := serve(t, handlers{"Panic": func(context.Context) error { panic("boom: secret detail") }},
		Policy{Roles: map[string][]string{"/x.v1.S/Panic": principal.UserRoles}})
	ctx := h.bearer(t, t.Context(), principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleClient})

	err := h.call(ctx, "Panic")
	if s := status.Convert(err); s.Code() != codes.Internal || strings.Contains(s.Message(), "boom") {
		t.Fatalf("answer = %v, want Internal without the panic value", err)
	}
	if n := h.counter(t, "grpc_server_handled_total", map[string]string{"grpc_code": "Internal"}); n != 1 {
		t.Errorf("grpc_server_handled_total{grpc_code=Internal} = %v, want 1", n)
	}
	if n := h.counter(t, "grpc_server_handled_total", map[string]string{"grpc_code": "OK"}); n != 0 {
		t.Errorf("grpc_server_handled_total{grpc_code=OK} = %v, want 0", n)
	}
	access := h.logs.records(t, "finished call")
	if len(access) != 1 || access[0]["grpc.code"] != "Internal" || access[0]["level"] != "ERROR" ||
		access[0]["grpc.method"] != "Panic" || access[0]["user_id"] != "u1" {
		t.Errorf("access log = %v, want one ERROR record of Panic with grpc.code Internal", access)
	}
	if p := h.logs.records(t, "panic in handler"); len(p) != 1 || !strings.Contains(p[0]["stack"].(string), "panic_test.go") {
		t.Errorf("panic log = %v, want the panic with its stack", p)
	}
}

// A downstream status wrapped with %w reaches the client with its own code
// and message, never the wrapped "rpc error: code = … desc = …" text.
func TestWrappedStatusAnswersItsOwnMessage(t *testing.T) {
	t.Parallel()
	h := serve(t, handlers{"Wrapped": func(context.Context) error {
		return fmt.Errorf("lookup user 7 at users:9002: %w", status.Error(codes.NotFound, "Item not found"))
	}}, Policy{Public: map[string]bool{"/x.v1.S/Wrapped": true}})
	s := status.Convert(h.call(t.Context(), "Wrapped"))
	if s.Code() != codes.NotFound || s.Message() != "Item not found" {
		t.Fatalf("answer = %v %q, want NotFound %q", s.Code(), s.Message(), "Item not found")
	}
}
