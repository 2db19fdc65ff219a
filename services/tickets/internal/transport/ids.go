package transport

import (
	"context"

	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// callerAndID is caller plus the request's path id in canonical form: ids
// are parsed here, in the transport, so a malformed one is a 400 before
// the domain runs (docs/decisions.md, "Paging and ids").
func callerAndID(ctx context.Context, rawID string) (principal.Principal, string, error) {
	p, err := caller(ctx)
	if err != nil {
		return p, "", err
	}
	id, err := ids.Parse(rawID)
	return p, id, err
}
