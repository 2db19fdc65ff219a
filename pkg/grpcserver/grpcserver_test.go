package grpcserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

func TestToStatus(t *testing.T) {
	t.Parallel()
	var v errs.Validator
	v.Add("email", "value_error", "bad email")
	cases := []struct {
		name string
		err  error
		code codes.Code
		msg  string
	}{
		{"not found", fmt.Errorf("user 1: %w", errs.ErrNotFound), codes.NotFound, "Item not found"},
		{"public conflict", errs.New(errs.ErrConflict, "Email already registered"), codes.Aborted, "Email already registered"},
		{"transition", errs.ErrInvalidTransition, codes.FailedPrecondition, "Invalid transition"},
		{"denied", errs.ErrPermissionDenied, codes.PermissionDenied, "Not enough permissions"},
		{"unauthenticated", errs.ErrUnauthenticated, codes.Unauthenticated, "Could not validate credentials"},
		{"malformed id", errs.New(errs.ErrMalformedID, "Malformed id"), codes.InvalidArgument, "Malformed id"},
		{"validation", v.Err(), codes.InvalidArgument, "Validation failed"},
		{"rate", &errs.RateLimitedError{Msg: "slow down", RetryAfter: 1500 * time.Millisecond}, codes.ResourceExhausted, "slow down"},
		{"deadline", context.DeadlineExceeded, codes.DeadlineExceeded, "Deadline exceeded"},
		{"downstream status", status.Error(codes.NotFound, "gone"), codes.NotFound, "gone"},
		{"wrapped downstream status", fmt.Errorf("lookup user 7: %w", status.Error(codes.NotFound, "gone")), codes.NotFound, "gone"},
		{"twice wrapped status", fmt.Errorf("a: %w", fmt.Errorf("b: %w", status.Error(codes.Unavailable, "Users service unavailable"))),
			codes.Unavailable, "Users service unavailable"},
		{"internal masked", errors.New("mongo: connection to 10.0.0.5:27017 refused"), codes.Internal, "Internal server error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, _ := ToStatus(c.err)
			if s.Code() != c.code || s.Message() != c.msg {
				t.Fatalf("got %v %q, want %v %q", s.Code(), s.Message(), c.code, c.msg)
			}
		})
	}
	s, _ := ToStatus(v.Err())
	br, ok := s.Details()[0].(*errdetails.BadRequest)
	if !ok || br.FieldViolations[0].Field != "email" || br.FieldViolations[0].Reason != "value_error" {
		t.Fatalf("details = %v", s.Details())
	}
	s, _ = ToStatus(&errs.RateLimitedError{Msg: "x", RetryAfter: 1500 * time.Millisecond})
	if ri, ok := s.Details()[0].(*errdetails.RetryInfo); !ok || ri.RetryDelay.AsDuration() != 2*time.Second {
		t.Fatalf("retry info = %v", s.Details())
	}
}

func testInterceptors(t *testing.T) (interceptors, *authn.Tokens) {
	t.Helper()
	tk, err := authn.New(strings.Repeat("k", 32), "copydesk", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	return interceptors{
		log: log, verifier: tk, mapErr: errorMapping(log),
		metrics: newMetrics(prometheus.NewRegistry(), "test"),
		policy: Policy{
			Public: map[string]bool{"/x.v1.S/Public": true},
			Roles:  map[string][]string{"/x.v1.S/Admin": {principal.RoleCompanyAdmin}, "/x.v1.S/Panic": principal.UserRoles},
		},
	}, tk
}

func TestAuthInterceptor(t *testing.T) {
	t.Parallel()
	ic, tk := testInterceptors(t)
	admin, _ := tk.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleCompanyAdmin})
	writer, _ := tk.Issue(principal.Principal{UserID: "u2", CompanyID: "c1", Role: principal.RoleContentWriter})
	cases := []struct {
		name   string
		method string
		md     metadata.MD
		want   codes.Code
	}{
		{"public without token", "/x.v1.S/Public", nil, codes.OK},
		{"no token", "/x.v1.S/Admin", nil, codes.Unauthenticated},
		{"forged metadata only", "/x.v1.S/Admin", metadata.Pairs(principal.MDCompanyID, "c1", principal.MDRole, "superadmin", principal.MDUserID, "u1"), codes.Unauthenticated},
		{"garbage token", "/x.v1.S/Admin", metadata.Pairs("authorization", "Bearer garbage"), codes.Unauthenticated},
		{"token with disagreeing metadata", "/x.v1.S/Admin", metadata.Pairs("authorization", "Bearer "+admin, principal.MDCompanyID, "c2"), codes.Unauthenticated},
		{"valid admin", "/x.v1.S/Admin", metadata.Pairs("authorization", "Bearer "+admin, principal.MDCompanyID, "c1"), codes.OK},
		{"wrong role", "/x.v1.S/Admin", metadata.Pairs("authorization", "Bearer "+writer), codes.PermissionDenied},
		{"undeclared method", "/x.v1.S/Other", metadata.Pairs("authorization", "Bearer "+admin), codes.PermissionDenied},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := metadata.NewIncomingContext(t.Context(), c.md)
			_, err := ic.unary(ctx, nil, &grpc.UnaryServerInfo{FullMethod: c.method}, func(ctx context.Context, _ any) (any, error) {
				if c.method != "/x.v1.S/Public" {
					if _, ok := principal.From(ctx); !ok {
						t.Error("handler ran without a principal")
					}
				}
				return "ok", nil
			})
			if got := status.Code(err); got != c.want {
				t.Fatalf("code = %v, want %v (%v)", got, c.want, err)
			}
		})
	}
}

func TestPanicBecomesInternal(t *testing.T) {
	t.Parallel()
	ic, tk := testInterceptors(t)
	tok, _ := tk.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleClient})
	ctx := metadata.NewIncomingContext(t.Context(), metadata.Pairs("authorization", "Bearer "+tok))
	_, err := ic.unary(ctx, nil, &grpc.UnaryServerInfo{FullMethod: "/x.v1.S/Panic"}, func(context.Context, any) (any, error) {
		panic("boom")
	})
	if s := status.Convert(err); s.Code() != codes.Internal || strings.Contains(s.Message(), "boom") {
		t.Fatalf("got %v", err)
	}
}
