package domain_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/outbox"
)

// A company has at most WebhooksPerCompany (10) active webhooks, counting
// those made active by an update; inactive ones do not count.
func TestWebhooksPerCompanyCap(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	in := func(active bool) domain.WebhookInput {
		return domain.WebhookInput{URL: "http://127.0.0.1:1/hook", Secret: "0123456789abcdef", Active: &active}
	}
	var first domain.Webhook
	for i := range 10 {
		w, err := e.svc.CreateWebhook(ctx, e.admin, in(true))
		if err != nil {
			t.Fatalf("webhook %d: %v", i+1, err)
		}
		if i == 0 {
			first = w
		}
	}
	if _, err := e.svc.CreateWebhook(ctx, e.admin, in(true)); kind(err) != "409" {
		t.Fatalf("11th active webhook: %v, want 409", err)
	}
	spare, err := e.svc.CreateWebhook(ctx, e.admin, in(false))
	if err != nil {
		t.Fatalf("an inactive webhook over the cap: %v", err)
	}
	on, off := true, false
	if _, err := e.svc.UpdateWebhook(ctx, e.admin, spare.ID, domain.WebhookChanges{Active: &on}); kind(err) != "409" {
		t.Fatalf("activating an 11th: %v, want 409", err)
	}
	if w, _ := e.svc.GetWebhook(ctx, e.admin, spare.ID); w.Active {
		t.Fatal("the refused activation left the webhook active")
	}
	if active, _ := e.hooks.ActiveWebhooks(ctx, e.admin.CompanyID); len(active) != 10 {
		t.Fatalf("%d active webhooks, want 10", len(active))
	}
	if _, err := e.svc.UpdateWebhook(ctx, e.admin, first.ID, domain.WebhookChanges{Active: &off}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.UpdateWebhook(ctx, e.admin, spare.ID, domain.WebhookChanges{Active: &on}); err != nil {
		t.Fatalf("activating once there is room: %v", err)
	}
}

// One company's failing receivers and backlog cannot stall another's
// deliveries: with A's 20 events due first and failing, B's one event is
// among the first two attempts (before: it waited behind all of A's).
func TestWebhookDeliveryFairAcrossCompanies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	var mu sync.Mutex
	var order []string
	hook := func(company string, status int) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			mu.Lock()
			order = append(order, company)
			mu.Unlock()
			w.WriteHeader(status)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	failing, fine := hook("A", http.StatusInternalServerError), hook("B", http.StatusNoContent)
	hA, err := e.svc.CreateWebhook(ctx, e.admin, domain.WebhookInput{URL: failing.URL, Secret: "0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	hB, err := e.svc.CreateWebhook(ctx, e.super, domain.WebhookInput{URL: fine.URL, Secret: "0123456789abcdef", CompanyID: e.managerB.CompanyID})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	var events []domain.OutboxEvent
	for i := range 20 {
		at := now.Add(time.Duration(i-40) * time.Second)
		events = append(events, domain.OutboxEvent{CompanyID: hA.CompanyID, WebhookID: hA.ID, EventType: domain.EventCreated,
			Payload: []byte(`{}`), CreatedAt: at, NextAttemptAt: at})
	}
	events = append(events, domain.OutboxEvent{CompanyID: hB.CompanyID, WebhookID: hB.ID, EventType: domain.EventCreated,
		Payload: []byte(`{}`), CreatedAt: now, NextAttemptAt: now})
	if err := e.hooks.Enqueue(ctx, events); err != nil {
		t.Fatal(err)
	}
	w := outbox.NewWorker(e.hooks, (&netguard.Guard{AllowLoopback: true}).Client(5*time.Second), outbox.Config{
		PollInterval: time.Millisecond, Lease: 30 * time.Second, Timeout: 5 * time.Second,
		BackoffBase: time.Hour, BackoffMax: time.Hour, MaxAttempts: 5,
	}, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	for range 2 {
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(order) != 2 || (order[0] != "B" && order[1] != "B") {
		t.Fatalf("first deliveries went to %v; B's event must not wait behind A's failing backlog", order)
	}
}
