package domain_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/outbox"
)

// countingReceiver answers 204 and counts requests per delivery id.
type countingReceiver struct {
	mu  sync.Mutex
	per map[string]int
}

func (r *countingReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	_, _ = io.Copy(io.Discard, req.Body)
	r.mu.Lock()
	r.per[req.Header.Get(outbox.HeaderDelivery)]++
	r.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (r *countingReceiver) snapshot() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.per))
	for k, v := range r.per {
		out[k] = v
	}
	return out
}

// TestTwoWorkersNeverDoubleSend: two workers (two replicas) drain one
// outbox against one receiver; every delivery arrives exactly once.
func TestTwoWorkersNeverDoubleSend(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rcv := &countingReceiver{per: map[string]int{}}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	hook, err := e.svc.CreateWebhook(t.Context(), e.admin, domain.WebhookInput{URL: srv.URL + "/hook", Secret: "s3cret-s3cret-s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 24
	now := time.Now().UTC()
	events := make([]domain.OutboxEvent, 0, n)
	for range n {
		events = append(events, domain.OutboxEvent{CompanyID: e.admin.CompanyID, WebhookID: hook.ID, EventID: "evt_" + bson.NewObjectID().Hex(),
			EventType: domain.EventCreated, Payload: []byte(`{}`), CreatedAt: now, NextAttemptAt: now})
	}
	if err := e.hooks.Enqueue(t.Context(), events); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	for range 2 {
		w := outbox.NewWorker(e.hooks, (&netguard.Guard{AllowLoopback: true}).Client(5*time.Second), outbox.Config{
			PollInterval: time.Millisecond, Lease: 30 * time.Second, Timeout: 5 * time.Second,
			BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond, MaxAttempts: 5,
		}, slog.New(slog.NewJSONHandler(io.Discard, nil)))
		wg.Go(func() { w.Run(ctx) })
	}
	outboxColl := e.db.Collection("webhook_outbox")
	deadline := time.Now().Add(30 * time.Second)
	for {
		done, err := outboxColl.CountDocuments(t.Context(), bson.M{"webhook_id": hook.ID, "status": "delivered"})
		if err != nil {
			t.Fatal(err)
		}
		if done == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d jobs delivered after 30s", done, n)
		}
		time.Sleep(10 * time.Millisecond) // polling interval, not a wait for an event
	}
	cancel()
	wg.Wait()
	got := rcv.snapshot()
	if len(got) != n {
		t.Fatalf("receiver saw %d delivery ids, want %d", len(got), n)
	}
	for id, c := range got {
		if c != 1 {
			t.Errorf("delivery %q sent %d times", id, c)
		}
	}
	if n, _ := outboxColl.CountDocuments(t.Context(), bson.M{"webhook_id": hook.ID, "attempts": bson.M{"$ne": 1}}); n != 0 {
		t.Fatalf("%d jobs took more than one attempt", n)
	}
}
