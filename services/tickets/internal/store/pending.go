package store

import (
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// pendingIndex serves the relay job's queries (pending_since ≤ t, by
// pending_since); sparse: only documents with something pending have the
// field (MongoDB skips the others, FerretDB accepts and ignores sparse).
var pendingIndex = mongo.IndexModel{Keys: bson.D{{Key: "pending_since", Value: 1}},
	Options: options.Index().SetSparse(true).SetName("pending_since_sparse")}

// pendingDoc is a pending event in the ticket's pending_events; the
// ticket's pending_since is the time of its oldest one (indexed: the
// relay job's query), absent when there are none.
type pendingDoc struct {
	ID      string      `bson:"id"`
	ActorID string      `bson:"actor_id"`
	At      time.Time   `bson:"at"`
	Action  string      `bson:"action"`
	Field   string      `bson:"field,omitempty"`
	From    string      `bson:"from,omitempty"`
	To      string      `bson:"to,omitempty"`
	Note    string      `bson:"note,omitempty"`
	Notify  string      `bson:"notify,omitempty"`
	Message string      `bson:"message,omitempty"`
	Event   string      `bson:"event,omitempty"`
	Comment *commentDoc `bson:"comment,omitempty"`
}

func toPendingDocs(es []domain.PendingEvent) ([]pendingDoc, *time.Time, error) {
	if len(es) == 0 {
		return nil, nil, nil
	}
	out := make([]pendingDoc, 0, len(es))
	since := es[0].At
	for _, e := range es {
		d := pendingDoc{ID: e.ID, ActorID: e.ActorID, At: e.At, Action: e.Action, Field: e.Field, From: e.From, To: e.To,
			Note: e.Note, Notify: e.Notify, Message: e.Message, Event: e.Event}
		if c := e.Comment; c != nil {
			cd, err := toCommentDoc(*c)
			if err != nil {
				return nil, nil, err
			}
			d.Comment = &cd
		}
		out = append(out, d)
		if e.At.Before(since) {
			since = e.At
		}
	}
	return out, &since, nil
}

func pendingDomain(ds []pendingDoc) []domain.PendingEvent {
	if len(ds) == 0 {
		return nil
	}
	out := make([]domain.PendingEvent, 0, len(ds))
	for _, d := range ds {
		e := domain.PendingEvent{ID: d.ID, ActorID: d.ActorID, At: d.At.UTC(), Action: d.Action, Field: d.Field, From: d.From,
			To: d.To, Note: d.Note, Notify: d.Notify, Message: d.Message, Event: d.Event}
		if d.Comment != nil {
			c := d.Comment.domain()
			e.Comment = &c
		}
		out = append(out, e)
	}
	return out
}

// addPending adds the events to upd: appended to pending_events (a set:
// each has its own id) and pending_since kept at the oldest.
func addPending(upd bson.M, es []domain.PendingEvent) error {
	docs, since, err := toPendingDocs(es)
	if err != nil || len(docs) == 0 {
		return err
	}
	add, _ := upd["$addToSet"].(bson.M)
	if add == nil {
		add = bson.M{}
	}
	add["pending_events"] = bson.M{"$each": docs}
	upd["$addToSet"] = add
	upd["$min"] = bson.M{"pending_since": *since}
	return nil
}

// Append adds events to the ticket's pending events at version, which it
// does not move (mongox.Versioned.Settle).
func (s *Tickets) Append(ctx ctxT, sc domain.Scope, id string, version int64, es []domain.PendingEvent) (domain.Ticket, error) {
	f, err := scopeFilter(sc)
	if err != nil {
		return domain.Ticket{}, err
	}
	upd := bson.M{}
	if err := addPending(upd, es); err != nil {
		return domain.Ticket{}, err
	}
	var d ticketDoc
	err = s.versioned.Settle(ctx, f, id, version, func(ctxT, bson.Raw) (bson.M, error) { return upd, nil }, &d)
	return d.domain(), err
}

// ClearPending removes the events named done from the ticket at version
// (mongox.Versioned.Settle: no concurrent writer can add one meanwhile),
// and pending_since with the last of them.
func (s *Tickets) ClearPending(ctx ctxT, id string, version int64, done []string) (domain.Ticket, error) {
	var cur ticketDoc
	err := s.versioned.Settle(ctx, bson.M{}, id, version, func(_ ctxT, raw bson.Raw) (bson.M, error) {
		if err := bson.Unmarshal(raw, &cur); err != nil {
			return nil, fmt.Errorf("decode ticket: %w", err)
		}
		cur.Pending = slices.DeleteFunc(cur.Pending, func(p pendingDoc) bool { return slices.Contains(done, p.ID) })
		if len(cur.Pending) == 0 {
			cur.PendingSince = nil
			return bson.M{"$unset": bson.M{"pending_events": "", "pending_since": ""}}, nil
		}
		return bson.M{"$set": bson.M{"pending_events": cur.Pending}}, nil
	}, nil)
	return cur.domain(), err
}

// Pending lists tickets (every company, deleted ones too) holding events
// since before or earlier, oldest first (index pending_since).
func (s *Tickets) Pending(ctx ctxT, before time.Time, limit int) ([]domain.Ticket, error) {
	cur, err := s.coll.Find(ctx, bson.M{"pending_since": bson.M{"$lte": before}},
		options.Find().SetSort(bson.D{{Key: "pending_since", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("find pending tickets: %w", err)
	}
	var docs []ticketDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read pending tickets: %w", err)
	}
	out := make([]domain.Ticket, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.domain())
	}
	return out, nil
}
