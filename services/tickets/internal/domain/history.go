package domain

import (
	"context"
	"time"

	"github.com/copydesk/copydesk/pkg/principal"
)

// HistoryEntry is one recorded change: who (ActorID), when (At), what
// (Action, Field) and from → to.
type HistoryEntry struct {
	ID        string
	CompanyID string
	TicketID  string
	ActorID   string
	At        time.Time
	Action    string
	Field     string
	From      string
	To        string
	Note      string
}

// History lists the history of a ticket p may see.
func (s *Service) History(ctx context.Context, p principal.Principal, id string, pg Page) ([]HistoryEntry, int64, error) {
	t, _, err := s.get(ctx, p, id)
	if err != nil {
		return nil, 0, err
	}
	return s.activity.ListHistory(ctx, t.CompanyID, t.ID, pg)
}
