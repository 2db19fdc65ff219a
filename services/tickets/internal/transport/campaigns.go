package transport

import (
	"context"

	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	"github.com/copydesk/copydesk/pkg/grpcclient"
)

// CampaignChecker is the domain's CampaignChecker: the campaigns service's
// CheckCampaigns with the caller's identity and the ticket's company
// named. Campaigns being down is a 503 (never a silent accept); any other
// failure a neutral 500.
type CampaignChecker struct {
	Client campaignsv1.CampaignServiceClient
}

// MissingCampaigns implements domain.CampaignChecker.
func (c CampaignChecker) MissingCampaigns(ctx context.Context, company string, ids []string) ([]string, error) {
	r, err := c.Client.CheckCampaigns(ctx, &campaignsv1.CheckCampaignsRequest{Ids: ids, CompanyId: company})
	if err != nil {
		return nil, grpcclient.PeerError("Campaigns", err)
	}
	return r.GetMissing(), nil
}
