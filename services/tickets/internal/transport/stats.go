package transport

import (
	"context"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// StatsServer implements the internal ticketsv1.TicketStatsServiceServer.
type StatsServer struct {
	ticketsv1.UnimplementedTicketStatsServiceServer
	svc *domain.Service
}

// NewStatsServer returns the internal counting handler.
func NewStatsServer(svc *domain.Service) *StatsServer { return &StatsServer{svc: svc} }

// CountTickets counts a campaign's tickets.
func (s *StatsServer) CountTickets(ctx context.Context, req *ticketsv1.CountTicketsRequest) (*ticketsv1.CountTicketsResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.svc.CountTickets(ctx, p, req.GetCompanyId(), req.GetCampaignId())
	if err != nil {
		return nil, err
	}
	out := &ticketsv1.CountTicketsResponse{Total: protoconv.Total(c.Total), Overdue: protoconv.Total(c.Overdue), ByStatus: map[string]int32{}}
	for k, v := range c.ByStatus {
		out.ByStatus[k] = protoconv.Total(v)
	}
	return out, nil
}
