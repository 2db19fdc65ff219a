package transport

import (
	"context"
	"fmt"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// TicketCounter is domain.TicketCounter over the tickets service's
// internal TicketStatsService. The caller's identity goes on (grpcclient
// forwards the verified token of the principal in ctx), so the tickets
// service applies its own rules to the very user who asked.
type TicketCounter struct {
	client ticketsv1.TicketStatsServiceClient
}

// NewTicketCounter wraps a client made with grpcclient.Dial.
func NewTicketCounter(c ticketsv1.TicketStatsServiceClient) *TicketCounter {
	return &TicketCounter{client: c}
}

var _ domain.TicketCounter = (*TicketCounter)(nil)

// CountTickets counts a campaign's tickets.
func (t *TicketCounter) CountTickets(ctx context.Context, companyID, campaignID string) (domain.TicketCounts, error) {
	resp, err := t.client.CountTickets(ctx, &ticketsv1.CountTicketsRequest{CompanyId: companyID, CampaignId: campaignID})
	if err != nil {
		return domain.TicketCounts{}, fmt.Errorf("tickets.CountTickets: %w", fromTickets(err))
	}
	out := domain.TicketCounts{Total: int64(resp.GetTotal()), Overdue: int64(resp.GetOverdue()), ByStatus: map[string]int64{}}
	for k, v := range resp.GetByStatus() {
		out.ByStatus[k] = int64(v)
	}
	return out, nil
}
