package grpcserver

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Reasons put in an ErrorInfo detail so that the gateway can tell a 400
// from a 422 (both InvalidArgument).
const (
	ReasonMalformedID = "MALFORMED_ID"
	ReasonBadRequest  = "BAD_REQUEST"
	// ReasonTooLarge (HTTP 413) and ReasonUnsupportedMedia (HTTP 415) are
	// uploads refused for their size or type.
	ReasonTooLarge         = "TOO_LARGE"
	ReasonUnsupportedMedia = "UNSUPPORTED_MEDIA_TYPE"
	ErrorDomain            = "copydesk"
)

// ToStatus maps a domain error to a gRPC status. It is the only place that
// does so. Unknown errors become a neutral Internal; the caller logs the
// cause.
func ToStatus(err error) (*status.Status, bool) {
	if err == nil {
		return nil, true
	}
	// Already a status (e.g. from a downstream service), perhaps wrapped with
	// %w: its own code, message and details, never the wrapping text
	// (status.FromError would answer "lookup: rpc error: code = … desc = …").
	var se interface{ GRPCStatus() *status.Status }
	if errors.As(err, &se) {
		if s := se.GRPCStatus(); s.Code() != codes.Unknown && s.Code() != codes.OK {
			return s, true
		}
	}
	var ve *errs.ValidationError
	if errors.As(err, &ve) {
		br := &errdetails.BadRequest{}
		for _, v := range ve.Violations {
			br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
				Field: v.Field, Description: v.Msg, Reason: v.Type,
			})
		}
		return withDetails(codes.InvalidArgument, "Validation failed", br), true
	}
	var rl *errs.RateLimitedError
	if errors.As(err, &rl) {
		return withDetails(codes.ResourceExhausted, rl.Msg, &errdetails.RetryInfo{RetryDelay: durationpb.New(roundUp(rl.RetryAfter))}), true
	}
	msg := func(def string) string {
		var p *errs.Public
		if errors.As(err, &p) {
			return p.Msg
		}
		return def
	}
	switch {
	case errors.Is(err, errs.ErrMalformedID):
		return withDetails(codes.InvalidArgument, msg("Malformed id"), &errdetails.ErrorInfo{Reason: ReasonMalformedID, Domain: ErrorDomain}), true
	case errors.Is(err, errs.ErrBadRequest):
		return withDetails(codes.InvalidArgument, msg("Bad request"), &errdetails.ErrorInfo{Reason: ReasonBadRequest, Domain: ErrorDomain}), true
	case errors.Is(err, errs.ErrTooLarge):
		return withDetails(codes.InvalidArgument, msg("Request entity too large"), &errdetails.ErrorInfo{Reason: ReasonTooLarge, Domain: ErrorDomain}), true
	case errors.Is(err, errs.ErrUnsupportedMediaType):
		return withDetails(codes.InvalidArgument, msg("Unsupported media type"), &errdetails.ErrorInfo{Reason: ReasonUnsupportedMedia, Domain: ErrorDomain}), true
	case errors.Is(err, errs.ErrNotFound):
		return status.New(codes.NotFound, msg("Item not found")), true
	case errors.Is(err, errs.ErrConflict):
		return status.New(codes.Aborted, msg("Conflict")), true
	case errors.Is(err, errs.ErrInvalidTransition):
		return status.New(codes.FailedPrecondition, msg("Invalid transition")), true
	case errors.Is(err, errs.ErrPermissionDenied):
		return status.New(codes.PermissionDenied, msg("Not enough permissions")), true
	case errors.Is(err, errs.ErrUnauthenticated):
		return status.New(codes.Unauthenticated, msg("Could not validate credentials")), true
	case errors.Is(err, errs.ErrUnavailable):
		return status.New(codes.Unavailable, msg("Service unavailable")), true
	case databaseDown(err):
		// Transient for the client; logged (known = false) for operators.
		return status.New(codes.Unavailable, "Service unavailable"), false
	case errors.Is(err, context.DeadlineExceeded):
		return status.New(codes.DeadlineExceeded, "Deadline exceeded"), true
	case errors.Is(err, context.Canceled):
		return status.New(codes.Canceled, "Request cancelled"), true
	}
	return status.New(codes.Internal, "Internal server error"), false
}

// databaseDown: the database cannot be reached (connection refused or
// reset, no server selectable) or is going away under a query — transient,
// so 503 and not 500. MongoDB names a shutdown or a lost primary by code
// (the driver's retryable codes); FerretDB answers a query its own
// shutdown cut off with InternalError "context canceled".
func databaseDown(err error) bool {
	var sel topology.ServerSelectionError
	if mongo.IsNetworkError(err) || errors.As(err, &sel) {
		return true
	}
	var se mongo.ServerError
	if !errors.As(err, &se) {
		return false
	}
	for _, code := range shutdownCodes {
		if se.HasErrorCode(code) {
			return true
		}
	}
	return se.HasErrorCodeWithMessage(codeInternalError, "context canceled")
}

// shutdownCodes: ShutdownInProgress, PrimarySteppedDown,
// InterruptedAtShutdown, InterruptedDueToReplStateChange, NotWritablePrimary,
// NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary, HostUnreachable,
// HostNotFound, NetworkTimeout, SocketException.
var shutdownCodes = []int{91, 189, 11600, 11602, 10107, 13435, 13436, 6, 7, 89, 9001}

const codeInternalError = 1

func roundUp(d time.Duration) time.Duration {
	if d < time.Second {
		return time.Second
	}
	return d.Round(time.Second)
}

func withDetails(c codes.Code, msg string, details ...protoadapt.MessageV1) *status.Status {
	s := status.New(c, msg)
	for _, d := range details {
		if ds, err := s.WithDetails(d); err == nil {
			s = ds
		}
	}
	return s
}

// statusFor is ToStatus for a call with context ctx, except that a
// deadline the call itself has not reached is Unavailable (logged): the
// client did not run out of time, something behind the service timed out
// — FerretDB answers a query its shutdown cut off with MaxTimeMSExpired,
// which the driver reports as a deadline.
func statusFor(ctx context.Context, err error) (*status.Status, bool) {
	s, known := ToStatus(err)
	if s.Code() == codes.DeadlineExceeded && ctx.Err() == nil {
		return status.New(codes.Unavailable, "Service unavailable"), false
	}
	return s, known
}

func errorMapping(log *slog.Logger) func(ctx context.Context, method string, err error) error {
	return func(ctx context.Context, method string, err error) error {
		if err == nil {
			return nil
		}
		s, known := statusFor(ctx, err)
		if !known {
			log.ErrorContext(ctx, "internal error", "method", method, "error", err.Error())
		}
		return s.Err()
	}
}
