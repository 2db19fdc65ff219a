package transport

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/errs"
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

// fromStatus maps the tickets service's other answers to a pkg/errs kind
// (the users directory has its own, pkg/directory.FromStatus). Its message
// is not passed on (it is that service's, not ours), and the status is
// deliberately not wrapped: the interceptor would forward it.
func fromStatus(service string, err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	switch st.Code() {
	case codes.Unavailable, codes.DeadlineExceeded:
		return errs.New(errs.ErrUnavailable, "%s service unavailable; retry later", service)
	case codes.Canceled:
		return context.Canceled
	default:
		return fmt.Errorf("%s service answered %s: %s", service, st.Code(), st.Message())
	}
}
