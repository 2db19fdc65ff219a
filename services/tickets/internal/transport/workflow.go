package transport

import (
	"context"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
)

// ChangeTicketStatus takes one workflow step.
func (s *TicketServer) ChangeTicketStatus(ctx context.Context, req *ticketsv1.ChangeTicketStatusRequest) (*ticketsv1.ChangeTicketStatusResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	t, err := s.svc.ChangeStatus(ctx, p, id, req.GetStatus(), req.GetNote(), int64(req.GetVersion()))
	if err != nil {
		return nil, err
	}
	return &ticketsv1.ChangeTicketStatusResponse{Ticket: toTicket(t)}, nil
}

// AssignTicket sets or clears the assignee.
func (s *TicketServer) AssignTicket(ctx context.Context, req *ticketsv1.AssignTicketRequest) (*ticketsv1.AssignTicketResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	t, err := s.svc.Assign(ctx, p, id, req.GetUserId(), int64(req.GetVersion()))
	if err != nil {
		return nil, err
	}
	return &ticketsv1.AssignTicketResponse{Ticket: toTicket(t)}, nil
}

// ArchiveTicket sets the archive flag.
func (s *TicketServer) ArchiveTicket(ctx context.Context, req *ticketsv1.ArchiveTicketRequest) (*ticketsv1.ArchiveTicketResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	t, err := s.svc.SetArchived(ctx, p, id, true, int64(req.GetVersion()))
	if err != nil {
		return nil, err
	}
	return &ticketsv1.ArchiveTicketResponse{Ticket: toTicket(t)}, nil
}

// UnarchiveTicket clears the archive flag.
func (s *TicketServer) UnarchiveTicket(ctx context.Context, req *ticketsv1.UnarchiveTicketRequest) (*ticketsv1.UnarchiveTicketResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	t, err := s.svc.SetArchived(ctx, p, id, false, int64(req.GetVersion()))
	if err != nil {
		return nil, err
	}
	return &ticketsv1.UnarchiveTicketResponse{Ticket: toTicket(t)}, nil
}
