package store

import (
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// pendingEntry is a history entry held in the campaign's pending_history
// until relayed; the campaign's pending_since is the time of the oldest
// (indexed: the relay job's query), absent when there is none.
type pendingEntry struct {
	ID        string    `bson:"id"`
	ActorID   string    `bson:"actor_id"`
	Automatic bool      `bson:"automatic,omitempty"`
	At        time.Time `bson:"at"`
	Action    string    `bson:"action"`
	Field     string    `bson:"field,omitempty"`
	From      string    `bson:"from,omitempty"`
	To        string    `bson:"to,omitempty"`
	Note      string    `bson:"note,omitempty"`
	Version   int64     `bson:"version"`
}

func toPending(es []domain.HistoryEntry) ([]pendingEntry, *time.Time) {
	if len(es) == 0 {
		return nil, nil
	}
	out := make([]pendingEntry, 0, len(es))
	since := es[0].At
	for _, e := range es {
		out = append(out, pendingEntry{ID: e.ID, ActorID: e.ActorID, Automatic: e.Automatic, At: e.At, Action: e.Action,
			Field: e.Field, From: e.From, To: e.To, Note: e.Note, Version: e.Version})
		if e.At.Before(since) {
			since = e.At
		}
	}
	return out, &since
}

func pendingDomain(ps []pendingEntry) []domain.HistoryEntry {
	if len(ps) == 0 {
		return nil
	}
	out := make([]domain.HistoryEntry, 0, len(ps))
	for _, p := range ps {
		out = append(out, domain.HistoryEntry{ID: p.ID, ActorID: p.ActorID, Automatic: p.Automatic, At: p.At.UTC(),
			Action: p.Action, Field: p.Field, From: p.From, To: p.To, Note: p.Note, Version: p.Version})
	}
	return out
}

// ClearPending removes the entries named done from the campaign at
// version (mongox.Versioned.Settle: no writer can add one meanwhile), and
// pending_since with the last of them.
func (s *Campaigns) ClearPending(ctx ctxT, id string, version int64, done []string) (domain.Campaign, error) {
	var cur campaignDoc
	err := s.versioned.Settle(ctx, bson.M{}, id, version, func(_ ctxT, raw bson.Raw) (bson.M, error) {
		if err := bson.Unmarshal(raw, &cur); err != nil {
			return nil, fmt.Errorf("decode campaign: %w", err)
		}
		cur.Pending = slices.DeleteFunc(cur.Pending, func(p pendingEntry) bool { return slices.Contains(done, p.ID) })
		if len(cur.Pending) == 0 {
			cur.PendingSince = nil
			return bson.M{"$unset": bson.M{"pending_history": "", "pending_since": ""}}, nil
		}
		return bson.M{"$set": bson.M{"pending_history": cur.Pending}}, nil
	}, nil)
	return cur.domain(), err
}

// Pending lists campaigns (every company, deleted ones too) holding
// entries since before or earlier, oldest first (index pending_since).
func (s *Campaigns) Pending(ctx ctxT, before time.Time, limit int) ([]domain.Campaign, error) {
	cur, err := s.coll.Find(ctx, bson.M{"pending_since": bson.M{"$lte": before}},
		options.Find().SetSort(bson.D{{Key: "pending_since", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("find pending campaigns: %w", err)
	}
	var docs []campaignDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read pending campaigns: %w", err)
	}
	out := make([]domain.Campaign, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.domain())
	}
	return out, nil
}
