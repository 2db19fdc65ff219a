package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// delivery is one request the receiver got.
type delivery struct {
	header http.Header
	body   []byte
	status int
}

// TestTicketsWebhookDeliveredByTheService: the real tickets binary POSTs a
// signed event to a receiver in the test process, retries after a failure
// with the same delivery id, and the signature verifies as the README says
// (HMAC-SHA256 of "<timestamp>.<raw body>" with the webhook secret).
func TestTicketsWebhookDeliveredByTheService(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	const secret = "e2e-webhook-secret-0123"
	var mu sync.Mutex
	var got []delivery
	arrived := make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		status := http.StatusNoContent
		if len(got) == 0 {
			status = http.StatusInternalServerError // the first attempt fails
		}
		got = append(got, delivery{header: r.Header.Clone(), body: body, status: status})
		mu.Unlock()
		w.WriteHeader(status)
		select {
		case arrived <- struct{}{}:
		default:
		}
	}))
	defer srv.Close()

	hook := call(t, http.MethodPost, "/api/webhooks", co.admin.Access, map[string]any{
		"url": srv.URL + "/hook", "secret": secret, "event_types": []string{"ticket.created"}})
	want(t, hook, http.StatusOK)
	defer call(t, http.MethodDelete, "/api/webhooks/"+str(hook.obj(t), "id"), co.admin.Access, nil)
	tk := createTicket(t, co.manager, uniq("Webhook post"))

	deadline := time.After(30 * time.Second)
	for n := 0; n < 2; {
		select {
		case <-arrived:
			n++
		case <-deadline:
			t.Fatalf("receiver got %d requests in 30s, want 2 (a failure, then the retry)", n)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if got[0].status/100 == 2 || got[1].status/100 != 2 {
		t.Fatalf("statuses %d, %d", got[0].status, got[1].status)
	}
	for i, d := range got[:2] {
		ts := d.header.Get("X-Copydesk-Timestamp")
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute {
			t.Fatalf("request %d: timestamp %q", i, ts)
		}
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(ts + "."))
		m.Write(d.body)
		sig := "sha256=" + hex.EncodeToString(m.Sum(nil))
		if !hmac.Equal([]byte(sig), []byte(d.header.Get("X-Copydesk-Signature"))) {
			t.Fatalf("request %d: signature %q does not verify", i, d.header.Get("X-Copydesk-Signature"))
		}
		if d.header.Get("X-Copydesk-Event") != "ticket.created" || d.header.Get("X-Copydesk-Delivery") == "" ||
			d.header.Get("X-Copydesk-Delivery") != got[0].header.Get("X-Copydesk-Delivery") {
			t.Fatalf("request %d: event %q delivery %q", i, d.header.Get("X-Copydesk-Event"), d.header.Get("X-Copydesk-Delivery"))
		}
	}
	var ev struct {
		Type      string `json:"type"`
		CompanyID string `json:"company_id"`
		ActorID   string `json:"actor_id"`
		Data      struct {
			Ticket map[string]any `json:"ticket"`
		} `json:"data"`
	}
	if err := json.Unmarshal(got[1].body, &ev); err != nil {
		t.Fatalf("body %s: %v", got[1].body, err)
	}
	if ev.Type != "ticket.created" || ev.CompanyID != co.id || str(ev.Data.Ticket, "id") != str(tk, "id") {
		t.Fatalf("event %+v, ticket %s", ev, str(tk, "id"))
	}
}
