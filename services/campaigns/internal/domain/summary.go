package domain

import (
	"context"
	"fmt"
	"time"

	"github.com/copydesk/copydesk/pkg/principal"
)

// Ticket statuses the summary reads (ARCHITECTURE §4).
const (
	ticketPublished = "published"
	ticketClosed    = "closed"
	ticketCancelled = "cancelled"
)

// Summary is how a campaign's work is going.
type Summary struct {
	Campaign Campaign
	Tickets  TicketCounts
	// Done counts published and closed tickets.
	Done int64
	// Progress is Done over the tickets not cancelled (0..1).
	Progress float64
	// TimeElapsed is the share of [start_at, end_at] already past (0..1).
	TimeElapsed float64
}

// Summary counts the campaign's tickets with the tickets service, on
// behalf of p (its token goes on; the tickets service applies its own
// rules), and adds the time elapsed.
func (s *Service) Summary(ctx context.Context, p principal.Principal, id string) (Summary, error) {
	c, _, err := s.get(ctx, p, id)
	if err != nil {
		return Summary{}, err
	}
	counts, err := s.tickets.CountTickets(ctx, c.CompanyID, c.ID)
	if err != nil {
		return Summary{}, fmt.Errorf("campaign summary: %w", err)
	}
	if counts.ByStatus == nil {
		counts.ByStatus = map[string]int64{}
	}
	sum := Summary{Campaign: c, Tickets: counts, Done: counts.ByStatus[ticketPublished] + counts.ByStatus[ticketClosed]}
	if open := counts.Total - counts.ByStatus[ticketCancelled]; open > 0 {
		sum.Progress = float64(sum.Done) / float64(open)
	}
	sum.TimeElapsed = elapsed(c.StartAt, c.EndAt, s.now())
	return sum, nil
}

// elapsed is the share of [start, end] before now, clamped to 0..1.
func elapsed(start, end *time.Time, now time.Time) float64 {
	if start == nil || end == nil || !end.After(*start) {
		return 0
	}
	f := float64(now.Sub(*start)) / float64(end.Sub(*start))
	return min(max(f, 0), 1)
}
