package transport

import (
	"context"

	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
)

// CheckCampaigns answers which ids are no live campaign of the company
// (internal: the tickets service's campaign_id check).
func (s *CampaignServer) CheckCampaigns(ctx context.Context, req *campaignsv1.CheckCampaignsRequest) (*campaignsv1.CheckCampaignsResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	company, err := ids.ParseOptional(req.GetCompanyId())
	if err != nil {
		return nil, err
	}
	missing, err := s.svc.CheckCampaigns(ctx, p, company, req.GetIds())
	if err != nil {
		return nil, err
	}
	return &campaignsv1.CheckCampaignsResponse{Missing: missing}, nil
}
