package grpcserver

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Caller is the verified principal of a handler's request. The auth
// interceptor puts it into the context of every method the Policy does not
// list as public, so its absence is a bug upstream: it is refused
// (errs.ErrUnauthenticated), never defaulted.
func Caller(ctx context.Context) (principal.Principal, error) {
	p, ok := principal.From(ctx)
	if !ok {
		return principal.Principal{}, errs.ErrUnauthenticated
	}
	return p, nil
}

// CallerAndID is Caller plus the request's path id in canonical form: ids
// are parsed in the transport, so a malformed one is a 400 before the
// domain runs (docs/decisions.md, "Paging and ids").
func CallerAndID(ctx context.Context, rawID string) (principal.Principal, string, error) {
	p, err := Caller(ctx)
	if err != nil {
		return p, "", err
	}
	id, err := ids.Parse(rawID)
	return p, id, err
}
