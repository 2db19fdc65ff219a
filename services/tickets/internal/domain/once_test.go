package domain_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Creates with one idempotency key, at once, make one ticket that every
// caller gets back, recorded once; the same key in another company is
// another ticket.
func TestIdempotentCreateUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const n = 8
	got := make(chan domain.Ticket, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			tk, err := e.svc.Create(t.Context(), e.manager, domain.CreateInput{Title: "Plan piece", IdempotencyKey: "plan:1:p1"})
			if err != nil {
				t.Error(err)
				return
			}
			got <- tk
		})
	}
	wg.Wait()
	close(got)
	var id string
	for tk := range got {
		if id != "" && tk.ID != id {
			t.Fatalf("two tickets for one key: %s and %s", id, tk.ID)
		}
		id = tk.ID
	}
	list, total, err := e.svc.List(t.Context(), e.manager, domain.ListInput{Page: domain.Page{Limit: 100, Sort: "created_at"}})
	if err != nil || total != 1 || list[0].ID != id {
		t.Fatalf("tickets %v (%d, %v), want only %s", list, total, err, id)
	}
	hist, _, err := e.svc.History(t.Context(), e.manager, id, domain.Page{Limit: 100, Sort: "at"})
	if err != nil || len(hist) != 1 {
		t.Fatalf("history %v %v: want one created entry", hist, err)
	}
	b, err := e.svc.Create(t.Context(), e.managerB, domain.CreateInput{Title: "Plan piece", IdempotencyKey: "plan:1:p1"})
	if err != nil || b.ID == id {
		t.Fatalf("company B with the same key: %v %v", b.ID, err)
	}
}

// A caller that died after claiming the key but before inserting the
// ticket leaves a claim; the retry creates the ticket under the claimed id.
func TestIdempotentCreateCompletesAfterACrash(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	claimed := bson.NewObjectID()
	if _, err := e.db.Collection("ticket_requests").InsertOne(t.Context(), bson.M{"_id": e.manager.CompanyID + "|k1",
		"company_id": e.manager.CompanyID, "key": "k1", "ticket_id": claimed, "created_at": time.Now()}); err != nil {
		t.Fatal(err)
	}
	tk, err := e.svc.Create(t.Context(), e.manager, domain.CreateInput{Title: "Retried", IdempotencyKey: "k1"})
	if err != nil || tk.ID != claimed.Hex() || tk.Number != 1 {
		t.Fatalf("retry: %+v %v, want ticket %s", tk, err, claimed.Hex())
	}
	again, err := e.svc.Create(t.Context(), e.manager, domain.CreateInput{Title: "Retried", IdempotencyKey: "k1"})
	if err != nil || again.ID != tk.ID || again.Number != 1 {
		t.Fatalf("again: %+v %v", again, err)
	}
	_, err = e.svc.Create(t.Context(), e.manager, domain.CreateInput{Title: "Bad key", IdempotencyKey: "a\nb"})
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("control character in key: %v, want 422", err)
	}
}
