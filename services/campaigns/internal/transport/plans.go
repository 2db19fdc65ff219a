package transport

import (
	"context"

	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// PlanServer implements campaignsv1.CampaignPlanServiceServer.
type PlanServer struct {
	campaignsv1.UnimplementedCampaignPlanServiceServer
	plans *domain.Plans
}

// NewPlanServer returns the plan handlers.
func NewPlanServer(plans *domain.Plans) *PlanServer { return &PlanServer{plans: plans} }

// planSorts are the public sort names of plan lists.
var planSorts = []string{"created_at", "updated_at"}

// CreatePlan has an agent propose a plan.
func (s *PlanServer) CreatePlan(ctx context.Context, req *campaignsv1.CreatePlanRequest) (*campaignsv1.CreatePlanResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	agent, err := ids.ParseOptional(req.GetAgentId())
	if err != nil {
		return nil, err
	}
	pl, err := s.plans.CreatePlan(ctx, p, domain.CreatePlanInput{CampaignID: id, AgentID: agent, Pieces: int(req.GetPieces()),
		Channels: req.GetChannels(), Instructions: req.GetInstructions()})
	if err != nil {
		return nil, err
	}
	return &campaignsv1.CreatePlanResponse{Plan: toPlan(pl)}, nil
}

// ListPlans lists a campaign's plans.
func (s *PlanServer) ListPlans(ctx context.Context, req *campaignsv1.ListPlansRequest) (*campaignsv1.ListPlansResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Sort: req.GetSort(), Order: req.GetOrder(),
		Sortable: planSorts, Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	ps, n, err := s.plans.ListPlans(ctx, p, id, req.GetStatus(), pg)
	if err != nil {
		return nil, err
	}
	out := &campaignsv1.ListPlansResponse{Data: make([]*campaignsv1.Plan, 0, len(ps)), Total: protoconv.Total(n)}
	for _, pl := range ps {
		out.Data = append(out.Data, toPlan(pl))
	}
	return out, nil
}

// GetPlan reads a plan.
func (s *PlanServer) GetPlan(ctx context.Context, req *campaignsv1.GetPlanRequest) (*campaignsv1.GetPlanResponse, error) {
	p, id, planID, err := callerAndPlan(ctx, req.GetId(), req.GetPlanId())
	if err != nil {
		return nil, err
	}
	pl, err := s.plans.GetPlan(ctx, p, id, planID)
	if err != nil {
		return nil, err
	}
	return &campaignsv1.GetPlanResponse{Plan: toPlan(pl)}, nil
}

// UpdatePlan replaces a proposed plan's pieces.
func (s *PlanServer) UpdatePlan(ctx context.Context, req *campaignsv1.UpdatePlanRequest) (*campaignsv1.UpdatePlanResponse, error) {
	p, id, planID, err := callerAndPlan(ctx, req.GetId(), req.GetPlanId())
	if err != nil {
		return nil, err
	}
	pieces := make([]domain.Piece, 0, len(req.GetPieces()))
	for _, pc := range req.GetPieces() {
		src := make([]int, 0, len(pc.GetSources()))
		for _, n := range pc.GetSources() {
			src = append(src, int(n))
		}
		pieces = append(pieces, domain.Piece{ID: pc.GetId(), Title: pc.GetTitle(), Type: pc.GetType(), Channel: pc.GetChannel(),
			Brief: pc.GetBrief(), TargetDate: pc.GetTargetDate().AsTime(), Sources: src})
	}
	pl, err := s.plans.UpdatePlan(ctx, p, domain.UpdatePlanInput{CampaignID: id, PlanID: planID, Version: int64(req.GetVersion()), Pieces: pieces})
	if err != nil {
		return nil, err
	}
	return &campaignsv1.UpdatePlanResponse{Plan: toPlan(pl)}, nil
}

// AcceptPlan accepts a plan: its tickets are created.
func (s *PlanServer) AcceptPlan(ctx context.Context, req *campaignsv1.AcceptPlanRequest) (*campaignsv1.AcceptPlanResponse, error) {
	p, id, planID, err := callerAndPlan(ctx, req.GetId(), req.GetPlanId())
	if err != nil {
		return nil, err
	}
	pl, err := s.plans.AcceptPlan(ctx, p, id, planID, int64(req.GetVersion()))
	if err != nil {
		return nil, err
	}
	return &campaignsv1.AcceptPlanResponse{Plan: toPlan(pl)}, nil
}

// RejectPlan closes a plan.
func (s *PlanServer) RejectPlan(ctx context.Context, req *campaignsv1.RejectPlanRequest) (*campaignsv1.RejectPlanResponse, error) {
	p, id, planID, err := callerAndPlan(ctx, req.GetId(), req.GetPlanId())
	if err != nil {
		return nil, err
	}
	pl, err := s.plans.RejectPlan(ctx, p, id, planID, int64(req.GetVersion()), req.GetNote())
	if err != nil {
		return nil, err
	}
	return &campaignsv1.RejectPlanResponse{Plan: toPlan(pl)}, nil
}

// callerAndPlan is the caller with the campaign's and the plan's ids.
func callerAndPlan(ctx context.Context, rawID, rawPlanID string) (principal.Principal, string, string, error) {
	p, id, err := grpcserver.CallerAndID(ctx, rawID)
	if err != nil {
		return p, "", "", err
	}
	planID, err := ids.Parse(rawPlanID)
	return p, id, planID, err
}

func toPlan(pl domain.Plan) *campaignsv1.Plan {
	out := &campaignsv1.Plan{Id: pl.ID, CampaignId: pl.CampaignID, CompanyId: pl.CompanyID, AgentId: pl.AgentID,
		PersonaVersion: int32(pl.PersonaVersion), Status: pl.Status, Instructions: pl.Instructions, Channels: protoconv.Strings(pl.Channels),
		Model: pl.Model, Provider: pl.Provider, Version: int32(pl.Version), CreatedBy: pl.CreatedBy,
		CreatedAt: protoconv.Timestamp(pl.CreatedAt), UpdatedAt: protoconv.Timestamp(pl.UpdatedAt), DecidedBy: pl.DecidedBy,
		DecidedAt: protoconv.TimestampPtr(pl.DecidedAt), Note: pl.Note,
		Pieces: make([]*campaignsv1.PlanPiece, 0, len(pl.Pieces)), Sources: make([]*campaignsv1.PlanSource, 0, len(pl.Sources))}
	for _, pc := range pl.Pieces {
		src := make([]int32, 0, len(pc.Sources))
		for _, n := range pc.Sources {
			src = append(src, int32(n))
		}
		out.Pieces = append(out.Pieces, &campaignsv1.PlanPiece{Id: pc.ID, Title: pc.Title, Type: pc.Type, Channel: pc.Channel, Brief: pc.Brief,
			TargetDate: protoconv.Timestamp(pc.TargetDate), Sources: src, TicketId: pc.TicketID})
	}
	for _, s := range pl.Sources {
		out.Sources = append(out.Sources, &campaignsv1.PlanSource{N: int32(s.N), ChunkId: s.ChunkID, SourceId: s.SourceID,
			Title: s.Title, Ref: s.Ref, Url: s.URL})
	}
	return out
}
