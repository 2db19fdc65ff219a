package store_test

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
)

// TestOutboxLeaseOfADeadWorkerIsTakenOver: a worker that leased an
// attempt and died before recording it (so before sending) blocks the job
// only until its lease ends; then another worker takes the same attempt.
func TestOutboxLeaseOfADeadWorkerIsTakenOver(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db, store.Migrations)
	hooks := store.NewWebhooks(db, secretbox.Ephemeral())
	now := time.Now().UTC()
	if err := hooks.Enqueue(t.Context(), []domain.OutboxEvent{{CompanyID: "a", WebhookID: bson.NewObjectID().Hex(),
		EventType: domain.EventCreated, Payload: []byte(`{}`), CreatedAt: now, NextAttemptAt: now}}); err != nil {
		t.Fatal(err)
	}
	var job struct {
		ID bson.ObjectID `bson:"_id"`
	}
	if err := db.Collection("webhook_outbox").FindOne(t.Context(), bson.M{}).Decode(&job); err != nil {
		t.Fatal(err)
	}
	dead := mongox.Lease{Key: job.ID.Hex(), N: 1, Owner: "dead", Until: now.Add(time.Minute)}
	if won, err := mongox.TakeLease(t.Context(), db.Collection("webhook_leases"), dead, now, nil); err != nil || !won {
		t.Fatalf("setup: %v %v", won, err)
	}
	if _, ok, err := hooks.Claim(t.Context(), "w1", "a", now.Add(30*time.Second), time.Minute); err != nil || ok {
		t.Fatalf("claimed while the dead worker's lease runs: %v %v", ok, err)
	}
	got, ok, err := hooks.Claim(t.Context(), "w1", "a", now.Add(2*time.Minute), time.Minute)
	if err != nil || !ok || got.Attempts != 1 {
		t.Fatalf("after the lease ended: %+v %v %v, want attempt 1 taken over", got, ok, err)
	}
	if _, ok, _ := hooks.Claim(t.Context(), "w2", "a", now.Add(2*time.Minute), time.Minute); ok {
		t.Fatal("the taken-over job was claimed twice")
	}
}

// TestOutboxDueCompanies lists, in company order, the companies with a job
// claimable now: not one whose jobs are all leased, not yet due or
// finished.
func TestOutboxDueCompanies(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db, store.Migrations)
	hooks := store.NewWebhooks(db, secretbox.Ephemeral())
	now := time.Now().UTC()
	ev := func(company string, at time.Time) domain.OutboxEvent {
		return domain.OutboxEvent{CompanyID: company, WebhookID: bson.NewObjectID().Hex(), EventType: domain.EventCreated,
			Payload: []byte(`{}`), CreatedAt: at, NextAttemptAt: at}
	}
	past := now.Add(-time.Minute)
	if err := hooks.Enqueue(t.Context(), []domain.OutboxEvent{ev("d", past), ev("b", past), ev("b", past),
		ev("later", now.Add(time.Hour)), ev("leased", past), ev("done", past)}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := hooks.Claim(t.Context(), "w", "leased", now, time.Minute); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	job, ok, err := hooks.Claim(t.Context(), "w", "done", now, time.Minute)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := hooks.Delivered(t.Context(), job.ID, "w", now, 204); err != nil {
		t.Fatal(err)
	}
	got, err := hooks.DueCompanies(t.Context(), now)
	if err != nil || len(got) != 2 || got[0] != "b" || got[1] != "d" {
		t.Fatalf("due companies %v, %v; want [b d]", got, err)
	}
	// Migration 15: the claim index without the company is gone.
	names, err := db.Collection("webhook_outbox").Indexes().ListSpecifications(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, ix := range names {
		if ix.Name == "status_1_next_attempt_at_1__id_1_locked_until_1" {
			t.Fatalf("index %s still there", ix.Name)
		}
	}
}
