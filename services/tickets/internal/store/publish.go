package store

import (
	"time"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

var _ domain.PublishLocks = (*Tickets)(nil)

// ClaimPublish leases the publish of a ticket version
// ("publish:<ticket>#<version>" in publish_claims): of concurrent
// publishes one wins, so WordPress gets one new post, never two. A lease
// that ended (its holder died mid-publish) is taken over.
func (s *Tickets) ClaimPublish(ctx ctxT, ticketID string, version int64, owner string, now, until time.Time) (bool, error) {
	always := func(ctxT) (bool, error) { return true, nil }
	return mongox.TakeLease(ctx, s.publishClaims, mongox.Lease{Key: "publish:" + ticketID, N: version, Owner: owner, Until: until}, now, always)
}

// ReleasePublish ends owner's lease early (the publish failed and left
// the version as it was).
func (s *Tickets) ReleasePublish(ctx ctxT, ticketID string, version int64, owner string) error {
	return mongox.ReleaseLease(ctx, s.publishClaims, "publish:"+ticketID, version, owner)
}
