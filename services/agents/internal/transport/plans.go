package transport

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// PlanServer implements agentsv1.PlanServiceServer: the agent's side of a
// campaign content plan (the campaigns service stores the plan).
type PlanServer struct {
	agentsv1.UnimplementedPlanServiceServer
	svc *domain.Service
}

// NewPlanServer returns the plan handler.
func NewPlanServer(svc *domain.Service) *PlanServer { return &PlanServer{svc: svc} }

// ProposePlan has an agent propose a campaign's content plan.
func (s *PlanServer) ProposePlan(ctx context.Context, req *agentsv1.ProposePlanRequest) (*agentsv1.ProposePlanResponse, error) {
	p, agentID, err := callerAndID(ctx, req.GetAgentId())
	if err != nil {
		return nil, err
	}
	c := req.GetCampaign()
	company, err := ids.Parse(c.GetCompanyId())
	if err != nil {
		return nil, err
	}
	plan, err := s.svc.ProposePlan(ctx, p, domain.PlanInput{
		AgentID: agentID, Pieces: int(req.GetPieces()), Channels: req.GetChannels(), Types: req.GetTypes(),
		Instructions: req.GetInstructions(), WindowStart: req.GetWindowStart().AsTime(),
		Campaign: domain.PlanBrief{CampaignID: c.GetCampaignId(), CompanyID: company, Name: c.GetName(), Description: c.GetDescription(),
			Goal: c.GetGoal(), Audience: c.GetAudience(), StartAt: c.GetStartAt().AsTime(), EndAt: c.GetEndAt().AsTime(),
			BudgetCents: int64(c.GetBudgetCents()), Currency: c.GetCurrency()},
	})
	if err != nil {
		return nil, err
	}
	out := &agentsv1.ProposePlanResponse{PersonaVersion: int32(plan.PersonaVersion), Model: plan.Model, Provider: plan.Provider}
	for _, pc := range plan.Pieces {
		src := make([]int32, 0, len(pc.Sources))
		for _, n := range pc.Sources {
			src = append(src, int32(n))
		}
		out.Pieces = append(out.Pieces, &agentsv1.ProposedPiece{Title: pc.Title, Type: pc.Type, Channel: pc.Channel, Brief: pc.Brief,
			TargetDate: timestamppb.New(pc.TargetDate), Sources: src})
	}
	for _, sr := range plan.Sources {
		out.Sources = append(out.Sources, &agentsv1.ProposedSource{N: int32(sr.N), ChunkId: sr.ChunkID, SourceId: sr.Source.ID,
			Title: sr.Source.Title, Ref: sr.Source.Ref, Url: sr.Source.URL})
	}
	return out, nil
}
