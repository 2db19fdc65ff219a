package transport

import (
	"context"
	"fmt"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// Tickets is the domain's Tickets port: the tickets service's GetTicket
// and AddDraft, called with the caller's identity. Errors keep their gRPC
// status (a ticket of another company stays a 404, a writer not assigned
// a 403).
type Tickets struct {
	Tickets ticketsv1.TicketServiceClient
	Drafts  ticketsv1.TicketDraftServiceClient
}

// Ticket implements domain.Tickets.
func (t Tickets) Ticket(ctx context.Context, id string) (domain.TicketBrief, error) {
	r, err := t.Tickets.GetTicket(ctx, &ticketsv1.GetTicketRequest{Id: id})
	if err != nil {
		return domain.TicketBrief{}, fmt.Errorf("get ticket: %w", err)
	}
	k := r.GetTicket()
	return domain.TicketBrief{ID: k.GetId(), CompanyID: k.GetCompanyId(), Title: k.GetTitle(), Description: k.GetDescription(),
		Type: k.GetType(), Status: k.GetStatus(), AgentID: k.GetAgentId(), AssigneeID: k.GetAssigneeId(), CampaignID: k.GetCampaignId()}, nil
}

// AddDraft implements domain.Tickets.
func (t Tickets) AddDraft(ctx context.Context, d domain.DraftWrite) (*ticketsv1.Draft, error) {
	req := &ticketsv1.AddDraftRequest{Id: d.TicketID, Content: d.Content, AgentId: d.AgentID, PersonaVersion: int32(d.PersonaVersion)}
	for _, c := range d.Citations {
		req.Citations = append(req.Citations, &ticketsv1.DraftCitation{N: int32(c.N), ChunkId: c.ChunkID, Score: c.Score,
			Source: &ticketsv1.DraftSource{Id: c.Source.ID, Title: c.Source.Title, Ref: c.Source.Ref, Url: c.Source.URL}})
	}
	r, err := t.Drafts.AddDraft(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("add draft: %w", err)
	}
	return r.GetDraft(), nil
}

// Campaigns is the domain's Campaigns port: the campaigns service's
// GetCampaign with the caller's identity.
type Campaigns struct {
	Client campaignsv1.CampaignServiceClient
}

// Brief implements domain.Campaigns.
func (c Campaigns) Brief(ctx context.Context, id string) (domain.CampaignBrief, error) {
	r, err := c.Client.GetCampaign(ctx, &campaignsv1.GetCampaignRequest{Id: id})
	if err != nil {
		return domain.CampaignBrief{}, fmt.Errorf("get campaign: %w", err)
	}
	k := r.GetCampaign()
	return domain.CampaignBrief{Name: k.GetName(), Goal: k.GetGoal(), Audience: k.GetAudience()}, nil
}

// DraftServer implements agentsv1.DraftServiceServer.
type DraftServer struct {
	agentsv1.UnimplementedDraftServiceServer
	svc       *domain.Service
	tickets   Tickets
	campaigns Campaigns
}

// NewDraftServer returns the draft handler.
func NewDraftServer(svc *domain.Service, t Tickets, c Campaigns) *DraftServer {
	return &DraftServer{svc: svc, tickets: t, campaigns: c}
}

// DraftTicket writes and records a draft of a ticket.
func (s *DraftServer) DraftTicket(ctx context.Context, req *agentsv1.DraftTicketRequest) (*agentsv1.DraftTicketResponse, error) {
	p, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	agent, err := ids.ParseOptional(req.GetAgentId())
	if err != nil {
		return nil, err
	}
	d, err := domain.Draft[*ticketsv1.Draft](ctx, s.svc, s.tickets, s.campaigns, p,
		domain.DraftInput{TicketID: id, AgentID: agent, Instructions: req.GetInstructions()})
	if err != nil {
		return nil, err
	}
	return &agentsv1.DraftTicketResponse{Draft: d}, nil
}
