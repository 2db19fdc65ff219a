package domain_test

import (
	"context"
	"errors"
	"sync"

	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// errInjected is the failure the fault wrappers inject.
var errInjected = errors.New("injected failure")

// faults fails the failAt-th side write of a relay (1-based; 0: none).
// With after, the write lands and only its answer is lost: the crash of a
// process right after the database applied it.
type faults struct {
	mu     sync.Mutex
	n      int
	failAt int
	after  bool
	hit    bool
	// ticketWrites makes the ticket writes steps too (a draft is stored
	// before them, so the request still succeeds).
	ticketWrites bool
}

func (f *faults) step(write func() error) error {
	f.mu.Lock()
	f.n++
	fail := f.n == f.failAt
	f.hit = f.hit || fail
	f.mu.Unlock()
	if !fail {
		return write()
	}
	if f.after {
		_ = write()
	}
	return errInjected
}

func (f *faults) wasHit() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hit
}

// faulty wraps the stores of deps so that every side write of a relay is
// a step of f.
func faulty(deps domain.Deps, f *faults) domain.Deps {
	deps.Tickets = faultyTickets{deps.Tickets, f}
	deps.Activity = faultyActivity{deps.Activity, f}
	deps.Notifications = faultyNotes{deps.Notifications, f}
	deps.Webhooks = faultyHooks{deps.Webhooks, f}
	deps.Drafts = faultyDrafts{deps.Drafts, f}
	return deps
}

type faultyDrafts struct {
	domain.DraftStore
	f *faults
}

func (s faultyDrafts) Recorded(ctx context.Context, id string) error {
	return s.f.step(func() error { return s.DraftStore.Recorded(ctx, id) })
}

func (s faultyTickets) Update(ctx context.Context, sc domain.Scope, id string, version int64, ch domain.Changes) (domain.Ticket, error) {
	if !s.f.ticketWrites {
		return s.TicketStore.Update(ctx, sc, id, version, ch)
	}
	var t domain.Ticket
	err := s.f.step(func() (err error) { t, err = s.TicketStore.Update(ctx, sc, id, version, ch); return err })
	return t, err
}

type faultyTickets struct {
	domain.TicketStore
	f *faults
}

func (s faultyTickets) ClearPending(ctx context.Context, id string, version int64, done []string) (domain.Ticket, error) {
	var t domain.Ticket
	err := s.f.step(func() (err error) { t, err = s.TicketStore.ClearPending(ctx, id, version, done); return err })
	return t, err
}

type faultyActivity struct {
	domain.ActivityStore
	f *faults
}

func (s faultyActivity) InsertComment(ctx context.Context, c domain.Comment) (domain.Comment, error) {
	var out domain.Comment
	err := s.f.step(func() (err error) { out, err = s.ActivityStore.InsertComment(ctx, c); return err })
	return out, err
}

func (s faultyActivity) AppendHistory(ctx context.Context, es []domain.HistoryEntry) error {
	return s.f.step(func() error { return s.ActivityStore.AppendHistory(ctx, es) })
}

type faultyNotes struct {
	domain.NotificationStore
	f *faults
}

func (s faultyNotes) InsertNotifications(ctx context.Context, ns []domain.Notification) error {
	return s.f.step(func() error { return s.NotificationStore.InsertNotifications(ctx, ns) })
}

type faultyHooks struct {
	domain.WebhookStore
	f *faults
}

func (s faultyHooks) ActiveWebhooks(ctx context.Context, company string) ([]domain.Webhook, error) {
	var out []domain.Webhook
	err := s.f.step(func() (err error) { out, err = s.WebhookStore.ActiveWebhooks(ctx, company); return err })
	return out, err
}

func (s faultyHooks) Enqueue(ctx context.Context, es []domain.OutboxEvent) error {
	return s.f.step(func() error { return s.WebhookStore.Enqueue(ctx, es) })
}
