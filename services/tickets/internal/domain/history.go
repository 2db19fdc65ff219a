package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/history"
	"github.com/copydesk/copydesk/pkg/principal"
)

// HistoryEntry is one recorded change of a ticket (EntityID): who
// (ActorID), when (At), what (Action, Field) and from → to.
type HistoryEntry = history.Entry

// History lists the history of a ticket p may see.
func (s *Service) History(ctx context.Context, p principal.Principal, id string, pg Page) ([]HistoryEntry, int64, error) {
	t, _, err := s.get(ctx, p, id)
	if err != nil {
		return nil, 0, err
	}
	return s.activity.ListHistory(ctx, t.CompanyID, t.ID, pg)
}
