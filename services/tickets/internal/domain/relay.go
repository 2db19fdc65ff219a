package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// PendingEvent is one change of a ticket whose side records are still to
// be written: everything its history entry, its followers' notifications
// and its webhook events are made of. It is stored in the ticket by the
// very write that makes the change (there are no multi-document
// transactions), and the relay turns it into those records under ids
// derived from its own, so that relaying it again adds nothing twice.
type PendingEvent struct {
	// ID (an ObjectID hex from ids.New) is the history entry's id; the
	// webhook event is "evt_<ID>".
	ID      string
	ActorID string
	At      time.Time
	Action  string
	Field   string
	From    string
	To      string
	Note    string
	// Notify is the notification type ("" for none), Message its text.
	Notify  string
	Message string
	// Event is the webhook event type ("" for none).
	Event string
	// Comment is the comment an added-comment event stores.
	Comment *Comment
}

// change is one change of a ticket before it becomes a pending event.
type change struct {
	action, field, from, to, note string
	notify                        string // notification type, "" for none
	message                       string // notification text
	event                         string // webhook event type, "" for none
	comment                       *Comment
}

// recordTimeout bounds a relay on the request path; it outlives a client
// that disconnects.
const recordTimeout = 10 * time.Second

// events makes the pending events of changes made by p at `at`.
func events(p principal.Principal, at time.Time, chs ...change) []PendingEvent {
	out := make([]PendingEvent, 0, len(chs))
	for _, c := range chs {
		out = append(out, PendingEvent{ID: ids.New(at), ActorID: p.UserID, At: at, Action: c.action, Field: c.field,
			From: c.from, To: c.to, Note: c.note, Notify: c.notify, Message: c.message, Event: c.event, Comment: c.comment})
	}
	return out
}

// relay writes the side records of t's pending events right after the
// request's own write, so that the caller sees its history at once, and
// returns the ticket without them. A failure is logged, not returned: the
// change and its events are stored, and RelayPending finishes the job.
func (s *Service) relay(ctx context.Context, t Ticket) Ticket {
	if len(t.Pending) == 0 {
		return t
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	nt, err := s.relayTicket(ctx, t)
	if errors.Is(err, errs.ErrConflict) { // written; a concurrent writer's relay clears them
		return t
	}
	if err != nil {
		s.log.WarnContext(ctx, "ticket side records delayed; the relay job retries", "ticket_id", t.ID, "error", err.Error())
		return t
	}
	return nt
}

// RelayPending records the drafts stored at or before `before` whose
// ticket write never happened, then relays the pending events of up to
// `limit` tickets that have held them since `before` or longer: the
// leftovers of a request that died (or failed) between its writes. It returns how many
// tickets it relayed; main runs it periodically.
func (s *Service) RelayPending(ctx context.Context, before time.Time, limit int) (int, error) {
	ds, err := s.drafts.PendingDrafts(ctx, before, limit)
	if err != nil {
		return 0, fmt.Errorf("list unrecorded drafts: %w", err)
	}
	if err := s.recordPendingDrafts(ctx, ds); err != nil {
		return 0, err
	}
	ts, err := s.tickets.Pending(ctx, before, limit)
	if err != nil {
		return 0, fmt.Errorf("list pending events: %w", err)
	}
	n := 0
	var errsAll []error
	for _, t := range ts {
		if _, err := s.relayTicket(ctx, t); err != nil && !errors.Is(err, errs.ErrConflict) {
			errsAll = append(errsAll, fmt.Errorf("ticket %s: %w", t.ID, err))
			continue
		}
		n++
	}
	return n, errors.Join(errsAll...)
}

// relayTicket writes, in order, the comments, the history entries, the
// notifications and the outbox events of t's pending events, each under
// an id derived from its event's (a record already stored counts as done),
// then clears the events from the ticket. A failure at any step leaves
// them pending: the next relay redoes what is missing and nothing twice.
// Followers and webhooks are those of t when relayed (on the request path:
// right after the change).
func (s *Service) relayTicket(ctx context.Context, t Ticket) (Ticket, error) {
	for _, e := range t.Pending {
		if e.Comment != nil {
			if _, err := s.activity.InsertComment(ctx, *e.Comment); err != nil {
				return t, fmt.Errorf("comment: %w", err)
			}
		}
	}
	hist := make([]HistoryEntry, 0, len(t.Pending))
	var notes []Notification
	done := make([]string, 0, len(t.Pending))
	for _, e := range t.Pending {
		hist = append(hist, HistoryEntry{ID: e.ID, CompanyID: t.CompanyID, EntityID: t.ID, ActorID: e.ActorID, At: e.At,
			Action: e.Action, Field: e.Field, From: e.From, To: e.To, Note: e.Note})
		done = append(done, e.ID)
		if e.Notify == "" {
			continue
		}
		for _, f := range t.Followers {
			if f != e.ActorID {
				notes = append(notes, Notification{ID: ids.Derive(e.ID, "notify:"+f), CompanyID: t.CompanyID, UserID: f,
					TicketID: t.ID, TicketNumber: t.Ref(), Type: e.Notify, Message: e.Message, ActorID: e.ActorID, CreatedAt: e.At})
			}
		}
	}
	if err := s.activity.AppendHistory(ctx, hist); err != nil {
		return t, fmt.Errorf("history: %w", err)
	}
	if len(notes) > 0 {
		if err := s.notes.InsertNotifications(ctx, notes); err != nil {
			return t, fmt.Errorf("notifications: %w", err)
		}
	}
	if err := s.enqueue(ctx, t); err != nil {
		return t, fmt.Errorf("webhook events: %w", err)
	}
	nt, err := s.tickets.ClearPending(ctx, t.ID, t.Version, done)
	if err != nil {
		return t, fmt.Errorf("clear pending events: %w", err)
	}
	return nt, nil
}

// enqueue puts one outbox event per (pending webhook event, active webhook
// that wants it), under the id Derive(event, webhook).
func (s *Service) enqueue(ctx context.Context, t Ticket) error {
	if !slices.ContainsFunc(t.Pending, func(e PendingEvent) bool { return e.Event != "" }) {
		return nil
	}
	hooks, err := s.hooks.ActiveWebhooks(ctx, t.CompanyID)
	if err != nil || len(hooks) == 0 {
		return err
	}
	var out []OutboxEvent
	for _, e := range t.Pending {
		if e.Event == "" {
			continue
		}
		body, eventID, err := eventBody(t, e)
		if err != nil {
			return err
		}
		for _, h := range hooks {
			if len(h.EventTypes) > 0 && !slices.Contains(h.EventTypes, e.Event) {
				continue
			}
			out = append(out, OutboxEvent{ID: ids.Derive(e.ID, "webhook:"+h.ID), CompanyID: t.CompanyID, WebhookID: h.ID,
				EventID: eventID, EventType: e.Event, Payload: body, CreatedAt: e.At, NextAttemptAt: e.At})
		}
	}
	if len(out) == 0 {
		return nil
	}
	return s.hooks.Enqueue(ctx, out)
}

// relayBatch is how many tickets one run of RelayJob relays at most.
const relayBatch = 100

// RelayJob is main's periodic job: it relays the events that have been
// pending for longer than grace (the request path relays its own at once;
// grace keeps the job off those).
func (s *Service) RelayJob(grace time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		n, err := s.RelayPending(ctx, s.now().Add(-grace), relayBatch)
		if n > 0 {
			s.log.InfoContext(ctx, "relayed pending ticket events", "tickets", n)
		}
		return err
	}
}
