package directory

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcserver"
)

// ErrServiceCredential means that the users service refused the calling
// service's own credential (Unauthenticated or PermissionDenied on the
// service-only DirectoryService): a deployment problem such as JWT keys
// that do not match. It carries no pkg/errs kind, so the gRPC error
// interceptor logs it with its cause and answers a neutral Internal — it
// never reads as the user's fault.
var ErrServiceCredential = errors.New("the users directory refused this service's credential")

// FromStatus maps an answer of the DirectoryService to a pkg/errs kind.
// It is the only such mapping:
//
//	NotFound                          errs.ErrNotFound (no such user, company or matching account)
//	InvalidArgument, MALFORMED_ID     errs.ErrNotFound (a malformed id names nothing)
//	InvalidArgument, BAD_REQUEST      errs.ErrBadRequest with the users service's public message
//	Unauthenticated, PermissionDenied ErrServiceCredential (internal: logged, neutral 500)
//	Unavailable, DeadlineExceeded     errs.ErrUnavailable (503; retrying may help)
//	Canceled                          context.Canceled
//	anything else                     an internal error naming the code
//
// Downstream messages are not passed on (they may name hosts and ports),
// except the public message of a BAD_REQUEST.
func FromStatus(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	switch st.Code() {
	case codes.NotFound:
		return errs.ErrNotFound
	case codes.InvalidArgument:
		switch reason(st) {
		case grpcserver.ReasonMalformedID:
			return errs.ErrNotFound
		case grpcserver.ReasonBadRequest:
			return errs.New(errs.ErrBadRequest, "%s", st.Message())
		}
	case codes.Unauthenticated, codes.PermissionDenied:
		return fmt.Errorf("%w (%s: %s)", ErrServiceCredential, st.Code(), st.Message())
	case codes.Unavailable, codes.DeadlineExceeded:
		return errs.New(errs.ErrUnavailable, "Users service unavailable; retry later")
	case codes.Canceled:
		return context.Canceled
	}
	return fmt.Errorf("users directory answered %s: %s", st.Code(), st.Message())
}

// reason is the ErrorInfo reason of st ("" without one).
func reason(st *status.Status) string {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.GetReason()
		}
	}
	return ""
}
