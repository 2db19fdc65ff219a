package domain_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/outbox"
)

type received struct {
	header http.Header
	body   []byte
}

// receiver answers 500 to the first `fail` requests, then 200.
type receiver struct {
	mu   sync.Mutex
	fail int
	got  []received
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, received{header: req.Header.Clone(), body: body})
	if len(r.got) <= r.fail {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func TestWebhookDeliveredSignedAndRetried(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rcv := &receiver{fail: 2}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	const secret = "s3cret-s3cret-s3cret"
	hook, err := e.svc.CreateWebhook(t.Context(), e.admin, domain.WebhookInput{URL: srv.URL + "/hook", Secret: secret,
		EventTypes: []string{domain.EventStatusChanged}})
	if err != nil {
		t.Fatal(err)
	}
	// A second webhook that wants only comments gets nothing here.
	other, err := e.svc.CreateWebhook(t.Context(), e.admin, domain.WebhookInput{URL: srv.URL + "/other", Secret: secret,
		EventTypes: []string{domain.EventCommentAdded}})
	if err != nil {
		t.Fatal(err)
	}
	tk := e.newTicket(t)
	if _, err := e.svc.ChangeStatus(t.Context(), e.writer, tk.ID, "in_progress", "starting", tk.Version); err != nil {
		t.Fatal(err)
	}
	w := outbox.NewWorker(e.hooks, (&netguard.Guard{AllowLoopback: true}).Client(5*time.Second), outbox.Config{
		PollInterval: time.Millisecond, Lease: 30 * time.Second, Timeout: 5 * time.Second,
		BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond, MaxAttempts: 5,
	}, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	deadline := time.Now().Add(15 * time.Second)
	for len(rcv.requests()) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("receiver got %d requests, want 3", len(rcv.requests()))
		}
		if _, err := w.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	got := rcv.requests()
	if len(got) != 3 {
		t.Fatalf("receiver got %d requests, want 3 (two failures, one success)", len(got))
	}
	for i, r := range got {
		ts, err := strconv.ParseInt(r.header.Get(outbox.HeaderTimestamp), 10, 64)
		if err != nil || time.Since(time.Unix(ts, 0)) > time.Minute {
			t.Fatalf("request %d: bad timestamp %q", i, r.header.Get(outbox.HeaderTimestamp))
		}
		if !outbox.Verify(secret, ts, r.body, r.header.Get(outbox.HeaderSignature)) {
			t.Fatalf("request %d: signature %q does not verify", i, r.header.Get(outbox.HeaderSignature))
		}
		if outbox.Verify("wrong-secret-wrong-secret", ts, r.body, r.header.Get(outbox.HeaderSignature)) {
			t.Fatal("signature verifies with another secret")
		}
		if r.header.Get(outbox.HeaderEvent) != domain.EventStatusChanged || r.header.Get(outbox.HeaderDelivery) != got[0].header.Get(outbox.HeaderDelivery) {
			t.Fatalf("request %d: event %q delivery %q", i, r.header.Get(outbox.HeaderEvent), r.header.Get(outbox.HeaderDelivery))
		}
	}
	var ev domain.EventPayload
	if err := json.Unmarshal(got[2].body, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Type != domain.EventStatusChanged || ev.Data.Ticket.Number != tk.Ref() || ev.Data.From != "open" || ev.Data.To != "in_progress" || ev.CompanyID != tk.CompanyID {
		t.Fatalf("payload: %+v", ev)
	}
	var job bson.M
	if err := e.db.Collection("webhook_outbox").FindOne(t.Context(), bson.M{"webhook_id": hook.ID}).Decode(&job); err != nil {
		t.Fatal(err)
	}
	if job["status"] != "delivered" || job["attempts"] != int32(3) {
		t.Fatalf("outbox job: status %v attempts %v", job["status"], job["attempts"])
	}
	if n, _ := e.db.Collection("webhook_outbox").CountDocuments(t.Context(), bson.M{"webhook_id": other.ID}); n != 0 {
		t.Fatalf("comment-only webhook got %d status events", n)
	}
	// Nothing else is due: the worker finds no work.
	if did, err := w.RunOnce(t.Context()); did || err != nil {
		t.Fatalf("extra work: %v %v", did, err)
	}
}

func TestOutboxClaimIsExclusive(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := time.Now().UTC()
	if err := e.hooks.Enqueue(t.Context(), []domain.OutboxEvent{{CompanyID: e.admin.CompanyID, WebhookID: bson.NewObjectID().Hex(),
		EventType: domain.EventCreated, Payload: []byte(`{}`), CreatedAt: now, NextAttemptAt: now}}); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	wins := make(chan outbox.Job, n)
	for i := range n {
		wg.Go(func() {
			job, ok, err := e.hooks.Claim(t.Context(), "worker-"+strconv.Itoa(i), e.admin.CompanyID, now, time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins <- job
			}
		})
	}
	wg.Wait()
	close(wins)
	if len(wins) != 1 {
		t.Fatalf("%d workers claimed the event, want 1", len(wins))
	}
	// While the lease runs nobody else gets it; after it expires the next
	// attempt can be claimed.
	if _, ok, _ := e.hooks.Claim(t.Context(), "late", e.admin.CompanyID, now.Add(30*time.Second), time.Minute); ok {
		t.Fatal("claimed during the lease")
	}
	job, ok, err := e.hooks.Claim(t.Context(), "after", e.admin.CompanyID, now.Add(2*time.Minute), time.Minute)
	if err != nil || !ok || job.Attempts != 2 {
		t.Fatalf("after lease expiry: %+v %v %v", job, ok, err)
	}
}

func TestWebhookURLRefusedAtSave(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, u := range []string{"http://10.0.0.1/hook", "http://169.254.169.254/", "ftp://example.com/"} {
		if _, err := e.svc.CreateWebhook(t.Context(), e.admin, domain.WebhookInput{URL: u, Secret: "0123456789abcdef"}); kind(err) != "422" {
			t.Errorf("%s: %v, want 422", u, err)
		}
	}
	h, err := e.svc.CreateWebhook(t.Context(), e.admin, domain.WebhookInput{URL: "http://127.0.0.1:1/hook", Secret: "0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	bad := "http://192.168.0.1/"
	if _, err := e.svc.UpdateWebhook(t.Context(), e.admin, h.ID, domain.WebhookChanges{URL: &bad}); kind(err) != "422" {
		t.Fatalf("update to private URL: %v", err)
	}
	if _, err := e.svc.GetWebhook(t.Context(), e.managerB, h.ID); kind(err) != "404" {
		t.Fatalf("other company reads webhook: %v", err)
	}
}
