package grpcserver

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

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
		{"database shutting down (MongoDB)", fmt.Errorf("get: %w", mongo.CommandError{Code: 11600, Name: "InterruptedAtShutdown"}), codes.Unavailable, "Service unavailable"},
		{"query cut by FerretDB's shutdown", fmt.Errorf("list: %w", mongo.CommandError{Code: 1, Name: "InternalError",
			Message: "[msg_find.go:344 handler.handleMaxTimeMSError] context canceled after delay"}), codes.Unavailable, "Service unavailable"},
		{"other database error masked", mongo.CommandError{Code: 1, Name: "InternalError", Message: "no such table"}, codes.Internal, "Internal server error"},
		{"duplicate key masked", mongo.WriteException{WriteErrors: []mongo.WriteError{{Code: 11000}}}, codes.Internal, "Internal server error"},
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

func TestAuth(t *testing.T) {
	t.Parallel()
	needPrincipal := func(ctx context.Context) error {
		if _, ok := principal.From(ctx); !ok {
			return errors.New("handler ran without a principal")
		}
		return nil
	}
	h := serve(t, handlers{
		"Public": func(context.Context) error { return nil },
		"Admin":  needPrincipal, "Other": needPrincipal, "Stream": needPrincipal,
	}, Policy{
		Public: map[string]bool{"/x.v1.S/Public": true},
		Roles: map[string][]string{"/x.v1.S/Admin": {principal.RoleCompanyAdmin},
			"/x.v1.S/Stream": {principal.RoleCompanyAdmin}},
	})
	admin, _ := h.tokens.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleCompanyAdmin})
	writer, _ := h.tokens.Issue(principal.Principal{UserID: "u2", CompanyID: "c1", Role: principal.RoleContentWriter})
	cases := []struct {
		name   string
		method string
		md     []string
		want   codes.Code
	}{
		{"public without token", "Public", nil, codes.OK},
		{"no token", "Admin", nil, codes.Unauthenticated},
		{"forged metadata only", "Admin", []string{principal.MDCompanyID, "c1", principal.MDRole, "superadmin", principal.MDUserID, "u1"}, codes.Unauthenticated},
		{"garbage token", "Admin", []string{"authorization", "Bearer garbage"}, codes.Unauthenticated},
		{"token with disagreeing metadata", "Admin", []string{"authorization", "Bearer " + admin, principal.MDCompanyID, "c2"}, codes.Unauthenticated},
		{"valid admin", "Admin", []string{"authorization", "Bearer " + admin, principal.MDCompanyID, "c1"}, codes.OK},
		{"wrong role", "Admin", []string{"authorization", "Bearer " + writer}, codes.PermissionDenied},
		{"undeclared method", "Other", []string{"authorization", "Bearer " + admin}, codes.PermissionDenied},
		{"stream without token", "Stream", nil, codes.Unauthenticated},
		{"stream, wrong role", "Stream", []string{"authorization", "Bearer " + writer}, codes.PermissionDenied},
		{"stream, valid admin", "Stream", []string{"authorization", "Bearer " + admin}, codes.OK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := outgoing(t.Context(), c.md...)
			var err error
			if c.method == "Stream" {
				err = h.stream(ctx)
			} else {
				err = h.call(ctx, c.method)
			}
			if got := status.Code(err); got != c.want {
				t.Fatalf("code = %v, want %v (%v)", got, c.want, err)
			}
		})
	}
}

// A caller's x-request-id comes back in the response header and is in the
// access log; a call without one gets a fresh id.
func TestRequestID(t *testing.T) {
	t.Parallel()
	h := serve(t, handlers{"Public": func(context.Context) error { return nil }},
		Policy{Public: map[string]bool{"/x.v1.S/Public": true}})
	var hdr metadata.MD
	if err := h.call(outgoing(t.Context(), principal.MDRequestID, "rid-1"), "Public", grpc.Header(&hdr)); err != nil {
		t.Fatal(err)
	}
	if got := hdr.Get(principal.MDRequestID); len(got) != 1 || got[0] != "rid-1" {
		t.Fatalf("response header %s = %v", principal.MDRequestID, got)
	}
	if err := h.call(t.Context(), "Public", grpc.Header(&hdr)); err != nil {
		t.Fatal(err)
	}
	made := hdr.Get(principal.MDRequestID)
	if len(made) != 1 || len(made[0]) != 16 {
		t.Fatalf("made request id = %v", made)
	}
	var ids []any
	for _, r := range h.logs.records(t, "finished call") {
		ids = append(ids, r["request_id"])
	}
	if len(ids) != 2 || ids[0] != "rid-1" || ids[1] != made[0] {
		t.Fatalf("access log request ids = %v", ids)
	}
}

// A deadline the call has not reached is the backend's failure (503), a
// deadline it has reached is the client's (504).
func TestDeadlineOfTheCallOrBehindIt(t *testing.T) {
	t.Parallel()
	behind := fmt.Errorf("count tickets: %w", context.DeadlineExceeded)
	if s, _ := statusFor(t.Context(), behind); s.Code() != codes.Unavailable {
		t.Fatalf("a timeout behind a live call: %v, want Unavailable", s.Code())
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	if s, _ := statusFor(ctx, behind); s.Code() != codes.DeadlineExceeded {
		t.Fatalf("the call's own deadline: %v, want DeadlineExceeded", s.Code())
	}
}
