package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// CheckCampaigns answers which of campaignIDs are not live campaigns of
// one company: the caller's, or the one a superadmin names (required for
// one). Malformed, deleted and other companies' ids count as missing. The
// tickets service calls it to validate a ticket's campaign_id; it reads
// only this service's database and calls no other service, so it never
// loops back into tickets (which campaigns calls for the summary).
func (s *Service) CheckCampaigns(ctx context.Context, p principal.Principal, company string, campaignIDs []string) ([]string, error) {
	if !p.HasRole(ReaderRoles...) {
		return nil, errs.ErrPermissionDenied
	}
	return tenancy.MissingRefs(ctx, p, company, campaignIDs, s.campaigns.LiveIDs)
}
