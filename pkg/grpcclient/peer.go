package grpcclient

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/errs"
)

// PeerError maps the answer of another Copydesk service (named service,
// e.g. "Campaigns") that the caller does not pass on as its own to a
// pkg/errs kind: Unavailable and DeadlineExceeded are errs.ErrUnavailable
// (503, "<service> service unavailable; retry later"), Canceled is
// context.Canceled, anything else an internal error naming the code (a
// neutral 500, logged with its cause). The peer's message is not passed
// on (it may name hosts and ports), and the status is deliberately not
// wrapped: the error interceptor would forward it. The users directory
// has its own mapping (pkg/directory.FromStatus).
func PeerError(service string, err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	switch st.Code() {
	case codes.Unavailable, codes.DeadlineExceeded:
		return errs.New(errs.ErrUnavailable, "%s service unavailable; retry later", service)
	case codes.Canceled:
		return context.Canceled
	default:
		return fmt.Errorf("%s service answered %s: %s", service, st.Code(), st.Message())
	}
}
