package transport

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcserver"
)

// stats is a tickets service that answers every count with err.
type stats struct{ err error }

func (s stats) CountTickets(context.Context, *ticketsv1.CountTicketsRequest, ...grpc.CallOption) (*ticketsv1.CountTicketsResponse, error) {
	return nil, s.err
}

func withDetail(c codes.Code, msg string, d *errdetails.ErrorInfo, br *errdetails.BadRequest) error {
	st := status.New(c, msg)
	var err error
	if d != nil {
		st, err = st.WithDetails(d)
	} else if br != nil {
		st, err = st.WithDetails(br)
	}
	if err != nil {
		panic(err)
	}
	return st.Err()
}

// TestSummaryPassesTicketsRefusalsThrough: what the tickets service says to
// the caller reaches the caller with the same code and message (after the
// domain's wrapping and the interceptor's mapping), instead of a 500.
func TestSummaryPassesTicketsRefusalsThrough(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		err    error
		code   codes.Code
		msg    string
		field  string // a 422's violation
		reason string // an ErrorInfo reason (400s)
	}{
		{"not found", status.Error(codes.NotFound, "Item not found"), codes.NotFound, "Item not found", "", ""},
		{"permission denied", status.Error(codes.PermissionDenied, "Not enough permissions"), codes.PermissionDenied, "Not enough permissions", "", ""},
		{"validation", withDetail(codes.InvalidArgument, "Validation failed", nil, &errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
			{Field: "campaign_id", Reason: "missing", Description: "campaign_id is required"}}}), codes.InvalidArgument, "Validation failed", "campaign_id", ""},
		{"malformed id", withDetail(codes.InvalidArgument, "Malformed id", &errdetails.ErrorInfo{Reason: grpcserver.ReasonMalformedID, Domain: grpcserver.ErrorDomain}, nil),
			codes.InvalidArgument, "Malformed id", "", grpcserver.ReasonMalformedID},
		{"bad request", status.Error(codes.InvalidArgument, "Bad request"), codes.InvalidArgument, "Bad request", "", grpcserver.ReasonBadRequest},
		{"unavailable", status.Error(codes.Unavailable, "connection refused 10.0.0.7"), codes.Unavailable, "Tickets service unavailable; retry later", "", ""},
		{"internal", status.Error(codes.Internal, "boom at 10.0.0.7"), codes.Internal, "Internal server error", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewTicketCounter(stats{tt.err}).CountTickets(t.Context(), "c", "k")
			err = fmt.Errorf("campaign summary: %w", err) // as the domain wraps it
			st, _ := grpcserver.ToStatus(err)
			if st.Code() != tt.code || st.Message() != tt.msg {
				t.Fatalf("got %s %q, want %s %q", st.Code(), st.Message(), tt.code, tt.msg)
			}
			var fields []string
			var reason string
			for _, d := range st.Details() {
				switch d := d.(type) {
				case *errdetails.BadRequest:
					for _, fv := range d.GetFieldViolations() {
						fields = append(fields, fv.GetField())
					}
				case *errdetails.ErrorInfo:
					reason = d.GetReason()
				}
			}
			if tt.field != "" && (len(fields) != 1 || fields[0] != tt.field) {
				t.Errorf("violations on %v, want %s", fields, tt.field)
			}
			if reason != tt.reason {
				t.Errorf("reason %q, want %q", reason, tt.reason)
			}
		})
	}
	var ve *errs.ValidationError
	_, err := NewTicketCounter(stats{withDetail(codes.InvalidArgument, "Validation failed", nil, &errdetails.BadRequest{})}).CountTickets(t.Context(), "c", "k")
	if errors.As(err, &ve) {
		t.Fatalf("an InvalidArgument without violations became a 422: %v", err)
	}
}
