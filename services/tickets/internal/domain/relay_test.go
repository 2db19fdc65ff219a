package domain_test

import (
	"context"
	"encoding/json"
	"maps"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// counts are the side records of a ticket a user or a webhook receiver
// sees: "history" (entries of one action), "comments",
// "notify:<user>" (notifications of one type) and "outbox:<webhook id>"
// (deliveries of one event type).
type counts map[string]int

func (e *env) sideRecords(t *testing.T, ticketID, action, notify, event string) counts {
	t.Helper()
	ctx := t.Context()
	c := counts{}
	hist, _, err := e.svc.History(ctx, e.super, ticketID, domain.Page{Limit: 100, Sort: "at"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hist {
		if h.Action == action {
			c["history"]++
		}
	}
	n, err := e.db.Collection("comments").CountDocuments(ctx, bson.M{"ticket_id": ticketID})
	if err != nil {
		t.Fatal(err)
	}
	c["comments"] = int(n)
	var notes []struct {
		UserID string `bson:"user_id"`
	}
	cur, err := e.db.Collection("notifications").Find(ctx, bson.M{"ticket_id": ticketID, "type": notify})
	if err != nil || cur.All(ctx, &notes) != nil {
		t.Fatal("read notifications", err)
	}
	for _, n := range notes {
		c["notify:"+n.UserID]++
	}
	var rows []struct {
		WebhookID string `bson:"webhook_id"`
		Payload   []byte `bson:"payload"`
	}
	cur, err = e.db.Collection("webhook_outbox").Find(ctx, bson.M{"event_type": event})
	if err != nil || cur.All(ctx, &rows) != nil {
		t.Fatal("read outbox", err)
	}
	for _, r := range rows {
		var p domain.EventPayload
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if p.Data.Ticket.ID == ticketID {
			c["outbox:"+r.WebhookID]++
		}
	}
	return c
}

// relayScenario is one change and the side records it must leave.
type relayScenario struct {
	name                  string
	action, notify, event string
	// act makes the change with svc on a fresh ticket of e (nil: act
	// creates it) and returns the ticket's id.
	act func(ctx context.Context, e *env, svc *domain.Service, tk domain.Ticket) (string, error)
	// want is what act adds: 1 history entry, and per user and webhook.
	want func(e *env, all, created domain.Webhook) counts
}

var relayScenarios = []relayScenario{
	{name: "draft", action: "draft_added", notify: domain.NotifyDraftAdded, event: "none",
		act: func(ctx context.Context, e *env, svc *domain.Service, tk domain.Ticket) (string, error) {
			_, _, err := svc.AddDraft(ctx, e.writer, tk.ID, draft("An outline of the launch post"))
			return tk.ID, err
		},
		want: func(e *env, _, _ domain.Webhook) counts {
			return counts{"history": 1, "notify:" + e.client.UserID: 1}
		}},
	{name: "create", action: "created", notify: domain.NotifyStatusChanged, event: domain.EventCreated,
		act: func(ctx context.Context, e *env, svc *domain.Service, _ domain.Ticket) (string, error) {
			tk, err := svc.Create(ctx, e.client, domain.CreateInput{Title: "Autumn catalogue intro"})
			return tk.ID, err
		},
		want: func(_ *env, all, created domain.Webhook) counts {
			return counts{"history": 1, "outbox:" + all.ID: 1, "outbox:" + created.ID: 1}
		}},
	{name: "status", action: "status_changed", notify: domain.NotifyStatusChanged, event: domain.EventStatusChanged,
		act: func(ctx context.Context, e *env, svc *domain.Service, tk domain.Ticket) (string, error) {
			_, err := svc.ChangeStatus(ctx, e.manager, tk.ID, domain.StatusInProgress, "start", tk.Version)
			return tk.ID, err
		},
		want: func(e *env, all, _ domain.Webhook) counts {
			return counts{"history": 1, "notify:" + e.client.UserID: 1, "notify:" + e.writer.UserID: 1, "outbox:" + all.ID: 1}
		}},
	{name: "comment", action: "commented", notify: domain.NotifyCommentAdded, event: domain.EventCommentAdded,
		act: func(ctx context.Context, e *env, svc *domain.Service, tk domain.Ticket) (string, error) {
			_, err := svc.AddComment(ctx, e.writer, tk.ID, "First outline is up")
			return tk.ID, err
		},
		want: func(e *env, all, _ domain.Webhook) counts {
			return counts{"history": 1, "comments": 1, "notify:" + e.client.UserID: 1, "outbox:" + all.ID: 1}
		}},
	{name: "assign", action: "assigned", notify: domain.NotifyAssigned, event: domain.EventAssigned,
		act: func(ctx context.Context, e *env, svc *domain.Service, tk domain.Ticket) (string, error) {
			_, err := svc.Assign(ctx, e.manager, tk.ID, e.writer2.UserID, tk.Version)
			return tk.ID, err
		},
		want: func(e *env, all, _ domain.Webhook) counts {
			return counts{"history": 1, "notify:" + e.client.UserID: 1, "notify:" + e.writer.UserID: 1,
				"notify:" + e.writer2.UserID: 1, "outbox:" + all.ID: 1}
		}},
}

// TestSideRecordsSurviveAFailureBetweenAnyTwoSteps: a change is answered
// even when a side write of its relay fails (or lands and then the process
// "dies"); whichever step it was, the relay job afterwards leaves exactly
// one history entry, one notification per follower but the actor and one
// outbox row per matching webhook — and running it again adds nothing.
func TestSideRecordsSurviveAFailureBetweenAnyTwoSteps(t *testing.T) {
	t.Parallel()
	for _, sc := range relayScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := t.Context()
			all, err := e.svc.CreateWebhook(ctx, e.admin, domain.WebhookInput{URL: "http://127.0.0.1:9/all", Secret: "s3cret-s3cret-s3cret"})
			if err != nil {
				t.Fatal(err)
			}
			created, err := e.svc.CreateWebhook(ctx, e.admin, domain.WebhookInput{URL: "http://127.0.0.1:9/created", Secret: "s3cret-s3cret-s3cret",
				EventTypes: []string{domain.EventCreated}})
			if err != nil {
				t.Fatal(err)
			}
			for _, after := range []bool{false, true} {
				for step := 1; ; step++ {
					f := &faults{failAt: step, after: after, ticketWrites: sc.name == "draft"}
					svc, err := domain.New(faulty(e.deps, f))
					if err != nil {
						t.Fatal(err)
					}
					var tk domain.Ticket
					base := counts{}
					if sc.name != "create" {
						tk = e.newTicket(t)
						base = e.sideRecords(t, tk.ID, sc.action, sc.notify, sc.event)
					}
					ticketID, err := sc.act(ctx, e, svc, tk)
					if err != nil {
						t.Fatalf("failure at step %d (after: %v): the change itself failed: %v", step, after, err)
					}
					for range 2 { // the job, and once more
						if _, err := e.svc.RelayPending(ctx, time.Now().Add(time.Hour), 100); err != nil {
							t.Fatal(err)
						}
					}
					got := e.sideRecords(t, ticketID, sc.action, sc.notify, sc.event)
					want := sc.want(e, all, created)
					for k, v := range base {
						want[k] += v
					}
					if !sameCounts(got, want) {
						t.Fatalf("failure at step %d (after: %v): side records %v, want %v", step, after, got, want)
					}
					if p := e.stored(t, ticketID).Pending; len(p) != 0 {
						t.Fatalf("failure at step %d (after: %v): %d events still pending", step, after, len(p))
					}
					if !f.wasHit() {
						if step == 1 {
							t.Fatal("the change made no side write")
						}
						break // every step had its failure
					}
				}
			}
		})
	}
}

// sameCounts compares counts, a missing key being 0.
func sameCounts(a, b counts) bool {
	keys := maps.Clone(a)
	maps.Copy(keys, b)
	for k := range keys {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}
