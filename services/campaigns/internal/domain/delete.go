package domain

import (
	"context"
	"fmt"

	"github.com/copydesk/copydesk/pkg/principal"
)

// Delete soft-deletes a campaign (managers): it leaves every list and
// read, its history stays. version is optional here (0: not checked); a
// stale one is 409.
func (s *Service) Delete(ctx context.Context, p principal.Principal, id string, version int64) (Campaign, error) {
	c, sc, err := s.getForWrite(ctx, p, id)
	if err != nil {
		return Campaign{}, err
	}
	if version != 0 && version != c.Version {
		return Campaign{}, StaleError(c.Version)
	}
	now := s.now()
	nc, err := s.campaigns.Update(ctx, sc, c.ID, c.Version, Changes{Deleted: true, UpdatedAt: now,
		History: entries(p.UserID, now, c.Version+1, change{action: "deleted"})})
	if err != nil {
		return Campaign{}, fmt.Errorf("delete campaign: %w", err)
	}
	return s.relay(ctx, nc), nil
}
