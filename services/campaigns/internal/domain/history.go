package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/history"
	"github.com/copydesk/copydesk/pkg/principal"
)

// HistoryEntry is one recorded change of a campaign (EntityID): by a
// person (ActorID) or by the scheduler (Automatic), with the version the
// change produced.
type HistoryEntry = history.Entry

// change is one history record before it gets its campaign and actor.
type change struct {
	action, field, from, to, note string
}

// record stores the history of a change made by the user actorID, or by
// the scheduler (automatic, actorID ""). The campaign change is already stored: a failure
// here is logged, not returned (there are no multi-document transactions).
func (s *Service) record(ctx context.Context, actorID string, automatic bool, c Campaign, recs ...change) {
	entries := make([]HistoryEntry, 0, len(recs))
	for _, r := range recs {
		entries = append(entries, HistoryEntry{
			CompanyID: c.CompanyID, EntityID: c.ID, ActorID: actorID, Automatic: automatic, At: c.UpdatedAt,
			Action: r.action, Field: r.field, From: r.from, To: r.to, Note: r.note, Version: c.Version,
		})
	}
	if err := s.history.AppendHistory(context.WithoutCancel(ctx), entries); err != nil {
		s.log.ErrorContext(ctx, "campaign history lost", "campaign_id", c.ID, "company_id", c.CompanyID, "error", err.Error())
	}
}

// History lists the history of a campaign p may see.
func (s *Service) History(ctx context.Context, p principal.Principal, id string, pg Page) ([]HistoryEntry, int64, error) {
	c, _, err := s.get(ctx, p, id)
	if err != nil {
		return nil, 0, err
	}
	return s.history.ListHistory(ctx, c.CompanyID, c.ID, pg)
}
