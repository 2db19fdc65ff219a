package transport

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// Planner is domain.Planner over the agents service's PlanService, with
// the caller's identity (grpcclient forwards it).
type Planner struct {
	Client agentsv1.PlanServiceClient
}

var _ domain.Planner = Planner{}

// ProposePlan asks the agent for a plan.
func (p Planner) ProposePlan(ctx context.Context, r domain.PlanRequest) (domain.Proposal, error) {
	c := r.Campaign
	resp, err := p.Client.ProposePlan(ctx, &agentsv1.ProposePlanRequest{
		AgentId: r.AgentID, Pieces: int32(r.Pieces), Channels: r.Channels, Types: r.Types, Instructions: r.Instructions,
		WindowStart: timestamppb.New(r.WindowStart),
		Campaign: &agentsv1.PlanBrief{CampaignId: c.ID, CompanyId: c.CompanyID, Name: c.Name, Description: c.Description, Goal: c.Goal,
			Audience: c.Audience, StartAt: protoconv.TimestampPtr(c.StartAt), EndAt: protoconv.TimestampPtr(c.EndAt),
			BudgetCents: float64(c.BudgetCents), Currency: c.Currency},
	})
	if err != nil {
		return domain.Proposal{}, fmt.Errorf("agents.ProposePlan: %w", fromPlanner(err))
	}
	out := domain.Proposal{PersonaVersion: int64(resp.GetPersonaVersion()), Model: resp.GetModel(), Provider: resp.GetProvider()}
	for _, pc := range resp.GetPieces() {
		src := make([]int, 0, len(pc.GetSources()))
		for _, n := range pc.GetSources() {
			src = append(src, int(n))
		}
		out.Pieces = append(out.Pieces, domain.Piece{Title: pc.GetTitle(), Type: pc.GetType(), Channel: pc.GetChannel(), Brief: pc.GetBrief(),
			TargetDate: pc.GetTargetDate().AsTime().UTC(), Sources: src})
	}
	for _, s := range resp.GetSources() {
		out.Sources = append(out.Sources, domain.PlanSource{N: int(s.GetN()), ChunkID: s.GetChunkId(), SourceID: s.GetSourceId(),
			Title: s.GetTitle(), Ref: s.GetRef(), URL: s.GetUrl()})
	}
	return out, nil
}

// fromPlanner maps the agents service's answer. Its refusals of the
// caller (404 agent, 403, 422) and conflicts (an archived agent) keep
// their message; a 429 of the llm keeps its status (and retry delay); an
// unavailable agent or model, or an answer that was no valid plan twice,
// is one neutral 503 (a transport failure's message names hosts).
func fromPlanner(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	switch st.Code() {
	case codes.Aborted, codes.FailedPrecondition:
		return errs.New(errs.ErrConflict, "%s", st.Message())
	case codes.ResourceExhausted:
		return err
	case codes.Unavailable, codes.DeadlineExceeded:
		return errs.New(errs.ErrUnavailable,
			"The agent could not propose a valid plan (its answer was invalid twice, or the agent or its model is unavailable); nothing was stored. Retry later")
	}
	return fromTickets(err)
}

// TicketMaker is domain.TicketMaker over the tickets service's
// CreateTicket with the caller's identity and an idempotency key.
type TicketMaker struct {
	Client ticketsv1.TicketServiceClient
}

var _ domain.TicketMaker = TicketMaker{}

// CreateTicket creates (or finds, by key) a piece's ticket.
func (m TicketMaker) CreateTicket(ctx context.Context, t domain.PlannedTicket) (string, error) {
	resp, err := m.Client.CreateTicket(ctx, &ticketsv1.CreateTicketRequest{
		Title: t.Title, Description: t.Description, Type: t.Type, DueAt: timestamppb.New(t.DueAt), Tags: []string{t.Channel},
		CampaignId: t.CampaignID, AgentId: t.AgentID, CompanyId: t.CompanyID, IdempotencyKey: t.Key,
	})
	if err != nil {
		return "", fmt.Errorf("tickets.CreateTicket: %w", fromTickets(err))
	}
	return resp.GetTicket().GetId(), nil
}
