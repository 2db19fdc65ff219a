package transport

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/pkg/grpcserver"
)

// fromTickets maps the tickets service's answer to a CountTickets made on
// the caller's behalf. The tickets service applies its own rules to the
// caller's forwarded identity, so its refusals (NotFound, PermissionDenied,
// InvalidArgument) are the caller's answer too: they become the same
// pkg/errs kind with the same public message (and, for a 422, the same
// field violations), not a 500. Everything else goes through grpcclient.PeerError.
// The kinds are rebuilt rather than the status returned: a wrapped status
// would reach the client with our wrapping text in its message.
func fromTickets(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	switch st.Code() {
	case codes.NotFound:
		return errs.New(errs.ErrNotFound, "%s", st.Message())
	case codes.PermissionDenied:
		return errs.New(errs.ErrPermissionDenied, "%s", st.Message())
	case codes.InvalidArgument:
		return invalidArgument(st)
	default:
		return grpcclient.PeerError("Tickets", err)
	}
}

// invalidArgument rebuilds a 422 (BadRequest detail), a malformed id (400)
// or a bad request (400) from an InvalidArgument status.
func invalidArgument(st *status.Status) error {
	var v errs.Validator
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.BadRequest:
			for _, fv := range d.GetFieldViolations() {
				v.Add(fv.GetField(), fv.GetReason(), "%s", fv.GetDescription())
			}
		case *errdetails.ErrorInfo:
			if d.GetReason() == grpcserver.ReasonMalformedID {
				return errs.New(errs.ErrMalformedID, "%s", st.Message())
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return errs.New(errs.ErrBadRequest, "%s", st.Message())
}
