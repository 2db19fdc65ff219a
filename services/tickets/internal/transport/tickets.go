package transport

import (
	"context"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// TicketServer implements ticketsv1.TicketServiceServer.
type TicketServer struct {
	ticketsv1.UnimplementedTicketServiceServer
	svc *domain.Service
}

// NewTicketServer returns the ticket handlers.
func NewTicketServer(svc *domain.Service) *TicketServer { return &TicketServer{svc: svc} }

// CreateTicket creates a ticket.
func (s *TicketServer) CreateTicket(ctx context.Context, req *ticketsv1.CreateTicketRequest) (*ticketsv1.CreateTicketResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.svc.Create(ctx, p, domain.CreateInput{
		Title: req.GetTitle(), Description: req.GetDescription(), Type: req.GetType(), Priority: req.GetPriority(),
		DueAt: protoconv.TimePtr(req.GetDueAt()), Tags: req.GetTags(), CampaignID: req.GetCampaignId(),
		AgentID: req.GetAgentId(), CompanyID: req.GetCompanyId(), IdempotencyKey: req.GetIdempotencyKey(),
	})
	if err != nil {
		return nil, err
	}
	return &ticketsv1.CreateTicketResponse{Ticket: toTicket(t)}, nil
}

// GetTicket reads a ticket.
func (s *TicketServer) GetTicket(ctx context.Context, req *ticketsv1.GetTicketRequest) (*ticketsv1.GetTicketResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	t, err := s.svc.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.GetTicketResponse{Ticket: toTicket(t)}, nil
}

// ListTickets lists tickets.
func (s *TicketServer) ListTickets(ctx context.Context, req *ticketsv1.ListTicketsRequest) (*ticketsv1.ListTicketsResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := ids.ParseFilters(&req.AssigneeId, &req.CreatedBy, &req.CampaignId, &req.CompanyId); err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Sort: req.GetSort(), Order: req.GetOrder(),
		Sortable: domain.TicketSorts, Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	ts, n, err := s.svc.List(ctx, p, domain.ListInput{
		Filter: domain.ListFilter{
			Statuses: req.GetStatus(), AssigneeID: req.GetAssigneeId(), CreatedBy: req.GetCreatedBy(),
			CampaignID: req.GetCampaignId(), Priority: req.GetPriority(), Type: req.GetType(), Tag: req.GetTag(),
			Archived: req.GetArchived(), Q: req.GetQ(), DueBefore: protoconv.TimePtr(req.GetDueBefore()), DueAfter: protoconv.TimePtr(req.GetDueAfter()),
		},
		Mine: req.GetMine(), CompanyID: req.GetCompanyId(), Page: pg,
	})
	if err != nil {
		return nil, err
	}
	out := &ticketsv1.ListTicketsResponse{Data: make([]*ticketsv1.Ticket, 0, len(ts)), Total: protoconv.Total(n)}
	for _, t := range ts {
		out.Data = append(out.Data, toTicket(t))
	}
	return out, nil
}

// UpdateTicket changes the fields that are set.
func (s *TicketServer) UpdateTicket(ctx context.Context, req *ticketsv1.UpdateTicketRequest) (*ticketsv1.UpdateTicketResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	tags, err := protoconv.StringList("tags", req.GetTags())
	if err != nil {
		return nil, err
	}
	t, err := s.svc.Update(ctx, p, id, domain.UpdateInput{
		Version: int64(req.GetVersion()), Title: req.Title, Description: req.Description, Type: req.Type,
		Priority: req.Priority, DueAt: protoconv.TimePtr(req.GetDueAt()), ClearDueAt: req.GetClearDueAt(), Tags: tags,
		CampaignID: req.CampaignId, AgentID: req.AgentId,
	})
	if err != nil {
		return nil, err
	}
	return &ticketsv1.UpdateTicketResponse{Ticket: toTicket(t)}, nil
}

// DeleteTicket soft-deletes a ticket.
func (s *TicketServer) DeleteTicket(ctx context.Context, req *ticketsv1.DeleteTicketRequest) (*ticketsv1.DeleteTicketResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	t, err := s.svc.Delete(ctx, p, id, int64(req.GetVersion()))
	if err != nil {
		return nil, err
	}
	return &ticketsv1.DeleteTicketResponse{Ticket: toTicket(t)}, nil
}
