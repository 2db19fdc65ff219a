package transport

import (
	"context"

	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// CampaignServer implements campaignsv1.CampaignServiceServer.
type CampaignServer struct {
	campaignsv1.UnimplementedCampaignServiceServer
	svc *domain.Service
}

// NewCampaignServer returns the campaign handlers.
func NewCampaignServer(svc *domain.Service) *CampaignServer { return &CampaignServer{svc: svc} }

// CreateCampaign creates a campaign.
func (s *CampaignServer) CreateCampaign(ctx context.Context, req *campaignsv1.CreateCampaignRequest) (*campaignsv1.CreateCampaignResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.svc.Create(ctx, p, domain.CreateInput{
		Name: req.GetName(), Description: req.GetDescription(), Goal: req.GetGoal(),
		StartAt: protoconv.TimePtr(req.GetStartAt()), EndAt: protoconv.TimePtr(req.GetEndAt()), Channels: req.GetChannels(),
		Audience: req.GetAudience(), BudgetCents: req.GetBudgetCents(), Currency: req.GetCurrency(),
		AgentIDs: req.GetAgentIds(), Tags: req.GetTags(), OwnerID: req.GetOwnerId(), CompanyID: req.GetCompanyId(),
	})
	if err != nil {
		return nil, err
	}
	return &campaignsv1.CreateCampaignResponse{Campaign: toCampaign(c)}, nil
}

// GetCampaign reads a campaign.
func (s *CampaignServer) GetCampaign(ctx context.Context, req *campaignsv1.GetCampaignRequest) (*campaignsv1.GetCampaignResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := s.svc.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &campaignsv1.GetCampaignResponse{Campaign: toCampaign(c)}, nil
}

// ListCampaigns lists campaigns.
func (s *CampaignServer) ListCampaigns(ctx context.Context, req *campaignsv1.ListCampaignsRequest) (*campaignsv1.ListCampaignsResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := ids.ParseFilters(&req.OwnerId, &req.CompanyId); err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Sort: req.GetSort(), Order: req.GetOrder(),
		Sortable: domain.CampaignSorts, Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	cs, n, err := s.svc.List(ctx, p, domain.ListInput{
		Filter: domain.ListFilter{
			Statuses: req.GetStatus(), Q: req.GetQ(), Tag: req.GetTag(), OwnerID: req.GetOwnerId(),
			Channel: req.GetChannel(), From: protoconv.TimePtr(req.GetDateFrom()), To: protoconv.TimePtr(req.GetDateTo()),
		},
		CompanyID: req.GetCompanyId(), Page: pg,
	})
	if err != nil {
		return nil, err
	}
	out := &campaignsv1.ListCampaignsResponse{Data: make([]*campaignsv1.Campaign, 0, len(cs)), Total: protoconv.Total(n)}
	for _, c := range cs {
		out.Data = append(out.Data, toCampaign(c))
	}
	return out, nil
}

// UpdateCampaign changes the fields that are set.
func (s *CampaignServer) UpdateCampaign(ctx context.Context, req *campaignsv1.UpdateCampaignRequest) (*campaignsv1.UpdateCampaignResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	in := domain.UpdateInput{
		Version: int64(req.GetVersion()), Name: req.Name, Description: req.Description, Goal: req.Goal,
		Status: req.Status, StartAt: protoconv.TimePtr(req.GetStartAt()), EndAt: protoconv.TimePtr(req.GetEndAt()),
		ClearDates: req.GetClearDates(), Audience: req.Audience, BudgetCents: req.BudgetCents,
		Currency: req.Currency, OwnerID: req.OwnerId,
	}
	if in.Channels, err = protoconv.StringList("channels", req.GetChannels()); err != nil {
		return nil, err
	}
	if in.AgentIDs, err = protoconv.StringList("agent_ids", req.GetAgentIds()); err != nil {
		return nil, err
	}
	if in.Tags, err = protoconv.StringList("tags", req.GetTags()); err != nil {
		return nil, err
	}
	c, err := s.svc.Update(ctx, p, id, in)
	if err != nil {
		return nil, err
	}
	return &campaignsv1.UpdateCampaignResponse{Campaign: toCampaign(c)}, nil
}

// DeleteCampaign soft-deletes a campaign.
func (s *CampaignServer) DeleteCampaign(ctx context.Context, req *campaignsv1.DeleteCampaignRequest) (*campaignsv1.DeleteCampaignResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := s.svc.Delete(ctx, p, id, int64(req.GetVersion()))
	if err != nil {
		return nil, err
	}
	return &campaignsv1.DeleteCampaignResponse{Campaign: toCampaign(c)}, nil
}

// ChangeCampaignStatus takes one workflow step.
func (s *CampaignServer) ChangeCampaignStatus(ctx context.Context, req *campaignsv1.ChangeCampaignStatusRequest) (*campaignsv1.ChangeCampaignStatusResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := s.svc.ChangeStatus(ctx, p, id, req.GetStatus(), req.GetNote(), int64(req.GetVersion()))
	if err != nil {
		return nil, err
	}
	return &campaignsv1.ChangeCampaignStatusResponse{Campaign: toCampaign(c)}, nil
}

// GetCampaignSummary reports the campaign's progress.
func (s *CampaignServer) GetCampaignSummary(ctx context.Context, req *campaignsv1.GetCampaignSummaryRequest) (*campaignsv1.GetCampaignSummaryResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	sum, err := s.svc.Summary(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &campaignsv1.GetCampaignSummaryResponse{Summary: toSummary(sum)}, nil
}

// ListCampaignHistory lists a campaign's history.
func (s *CampaignServer) ListCampaignHistory(ctx context.Context, req *campaignsv1.ListCampaignHistoryRequest) (*campaignsv1.ListCampaignHistoryResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Order: req.GetOrder(), Default: "at"})
	if err != nil {
		return nil, err
	}
	hs, n, err := s.svc.History(ctx, p, id, pg)
	if err != nil {
		return nil, err
	}
	out := &campaignsv1.ListCampaignHistoryResponse{Data: make([]*campaignsv1.CampaignHistoryEntry, 0, len(hs)), Total: protoconv.Total(n)}
	for _, h := range hs {
		out.Data = append(out.Data, toHistory(h))
	}
	return out, nil
}
