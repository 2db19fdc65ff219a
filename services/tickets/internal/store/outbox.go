package store

import (
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/outbox"
)

// Outbox states.
const (
	statusPending   = "pending"
	statusDelivered = "delivered"
	statusFailed    = "failed"
)

// unlocked is the locked_until of a job nobody holds (a real date, not
// null, so that one $lte covers free and expired leases).
var unlocked = time.Unix(0, 0).UTC()

var _ outbox.Store = (*Webhooks)(nil)

type outboxDoc struct {
	ID            bson.ObjectID `bson:"_id"`
	CompanyID     string        `bson:"company_id"`
	WebhookID     string        `bson:"webhook_id"`
	EventID       string        `bson:"event_id"`
	EventType     string        `bson:"event_type"`
	Payload       []byte        `bson:"payload"`
	Status        string        `bson:"status"`
	Attempts      int           `bson:"attempts"`
	NextAttemptAt time.Time     `bson:"next_attempt_at"`
	LockedUntil   time.Time     `bson:"locked_until"`
	LockOwner     string        `bson:"lock_owner"`
	LastError     string        `bson:"last_error"`
	LastStatus    int           `bson:"last_status"`
	CreatedAt     time.Time     `bson:"created_at"`
	DeliveredAt   *time.Time    `bson:"delivered_at"`
}

// Enqueue adds pending deliveries, each under its id when it has one
// (then one stored already counts as done: a relay that runs again).
func (s *Webhooks) Enqueue(ctx ctxT, events []domain.OutboxEvent) error {
	docs := make([]any, 0, len(events))
	for _, e := range events {
		if err := mongox.RequireTenant(e.CompanyID); err != nil {
			return err
		}
		id, err := newOrID(e.ID)
		if err != nil {
			return err
		}
		docs = append(docs, outboxDoc{ID: id, CompanyID: e.CompanyID, WebhookID: e.WebhookID,
			EventID: e.EventID, EventType: e.EventType, Payload: e.Payload, Status: statusPending,
			NextAttemptAt: e.NextAttemptAt, LockedUntil: unlocked, CreatedAt: e.CreatedAt})
	}
	return mongox.InsertNew(ctx, s.outbox, docs) // one stored already counts as done
}

// Claim leases a due job to owner. The lease is slot <attempt> of the
// job (mongox.TakeLease, "<job id>#<attempt>" in webhook_leases): of
// workers racing for the same attempt of the same job exactly one insert
// succeeds, on MongoDB and on FerretDB alike (FerretDB's SQLite handler
// does not apply findOneAndUpdate atomically, so a filter on locked_until
// alone could hand one job to two workers). The winner then records the
// attempt and locked_until on the job; the others skip it while the lease
// runs. A lease whose holder died before recording its attempt (nothing
// was sent: sending comes after) is taken over once it has ended, for the
// same attempt, as long as the job still counts the attempts before it.
//
// Only jobs of companyID are considered: the worker picks the company
// (fairly, see outbox.fair) among DueCompanies.
func (s *Webhooks) Claim(ctx ctxT, owner, companyID string, now time.Time, lease time.Duration) (outbox.Job, bool, error) {
	if err := mongox.RequireTenant(companyID); err != nil {
		return outbox.Job{}, false, err
	}
	f := due(now)
	f["company_id"] = companyID
	cur, err := s.outbox.Find(ctx, f, options.Find().SetSort(bson.D{{Key: "next_attempt_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(10))
	if err != nil {
		return outbox.Job{}, false, fmt.Errorf("find due webhook events: %w", err)
	}
	var due []outboxDoc
	if err := cur.All(ctx, &due); err != nil {
		return outbox.Job{}, false, fmt.Errorf("decode due webhook events: %w", err)
	}
	for _, d := range due {
		attempt := d.Attempts + 1
		unrecorded := func(ctx ctxT) (bool, error) {
			n, err := s.outbox.CountDocuments(ctx, bson.M{"_id": d.ID, "status": statusPending, "attempts": d.Attempts})
			return n == 1, err
		}
		l := mongox.Lease{Key: d.ID.Hex(), N: int64(attempt), Owner: owner, Until: now.Add(lease)}
		won, err := mongox.TakeLease(ctx, s.leases, l, now, unrecorded)
		if err != nil {
			return outbox.Job{}, false, fmt.Errorf("lease webhook event: %w", err)
		}
		if !won {
			continue
		}
		if _, err := s.outbox.UpdateOne(ctx, bson.M{"_id": d.ID},
			bson.M{"$set": bson.M{"attempts": attempt, "locked_until": l.Until, "lock_owner": owner}}); err != nil {
			return outbox.Job{}, false, fmt.Errorf("record webhook attempt: %w", err)
		}
		return outbox.Job{ID: d.ID.Hex(), CompanyID: d.CompanyID, WebhookID: d.WebhookID, EventType: d.EventType,
			Payload: d.Payload, Attempts: attempt}, true, nil
	}
	return outbox.Job{}, false, nil
}

// due is the filter of jobs that can be claimed at now.
func due(now time.Time) bson.M {
	return bson.M{"status": statusPending, "next_attempt_at": bson.M{"$lte": now}, "locked_until": bson.M{"$lte": now}}
}

// DueCompanies lists the companies with jobs due at now, in company order:
// one find per company, each the first due job after the previous company
// (limit 1, sorted by company_id, only company_id returned), which the
// claim index (company_id, status, next_attempt_at, _id, locked_until)
// serves from its keys — a seek per company, never a read of every due
// job (the $group it replaces read the whole backlog on every call).
func (s *Webhooks) DueCompanies(ctx ctxT, now time.Time) ([]string, error) {
	var out []string
	opts := options.FindOne().SetSort(bson.D{{Key: "company_id", Value: 1}}).
		SetProjection(bson.M{"_id": 0, "company_id": 1})
	after := "" // company ids are never empty (RequireTenant)
	for {
		f := due(now)
		f["company_id"] = bson.M{"$gt": after}
		var d struct {
			CompanyID string `bson:"company_id"`
		}
		err := s.outbox.FindOne(ctx, f, opts).Decode(&d)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("companies with due webhook events: %w", err)
		}
		if d.CompanyID <= after { // cannot happen on a server that honours $gt; never loop
			return out, nil
		}
		out = append(out, d.CompanyID)
		after = d.CompanyID
	}
}

// Purge deletes leases that expired a day ago and finished deliveries
// older than a week.
func (s *Webhooks) Purge(ctx ctxT, now time.Time) error {
	if _, err := mongox.PurgeClaims(ctx, s.leases, now.Add(-24*time.Hour)); err != nil {
		return fmt.Errorf("purge webhook leases: %w", err)
	}
	if _, err := s.outbox.DeleteMany(ctx, bson.M{"status": bson.M{"$in": bson.A{statusDelivered, statusFailed}},
		"created_at": bson.M{"$lt": now.Add(-7 * 24 * time.Hour)}}); err != nil {
		return fmt.Errorf("purge webhook outbox: %w", err)
	}
	return nil
}

// Target reads the webhook of a job (with its secret).
func (s *Webhooks) Target(ctx ctxT, company, webhookID string) (outbox.Target, error) {
	oid, err := mongox.ParseID(webhookID)
	if err != nil {
		return outbox.Target{}, outbox.ErrGone
	}
	var d webhookDoc
	err = s.hooks.FindOne(ctx, bson.M{"_id": oid, "company_id": company}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return outbox.Target{}, outbox.ErrGone
	}
	if err != nil {
		return outbox.Target{}, fmt.Errorf("read webhook: %w", err)
	}
	secret, err := s.secret(d)
	if err != nil {
		return outbox.Target{}, err
	}
	return outbox.Target{URL: d.URL, Secret: secret, Active: d.Active}, nil
}

// finish updates a job the owner still holds.
func (s *Webhooks) finish(ctx ctxT, id, owner string, set bson.M) error {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return err
	}
	set["locked_until"] = unlocked
	set["lock_owner"] = ""
	if _, err := s.outbox.UpdateOne(ctx, bson.M{"_id": oid, "lock_owner": owner}, bson.M{"$set": set}); err != nil {
		return fmt.Errorf("update webhook event: %w", err)
	}
	return nil
}

// Delivered marks a job done.
func (s *Webhooks) Delivered(ctx ctxT, id, owner string, now time.Time, code int) error {
	return s.finish(ctx, id, owner, bson.M{"status": statusDelivered, "delivered_at": now, "last_status": code, "last_error": ""})
}

// Retry schedules the next attempt of a job.
func (s *Webhooks) Retry(ctx ctxT, id, owner string, next time.Time, code int, msg string) error {
	return s.finish(ctx, id, owner, bson.M{"next_attempt_at": next, "last_status": code, "last_error": msg})
}

// Fail gives up on a job.
func (s *Webhooks) Fail(ctx ctxT, id, owner string, _ time.Time, code int, msg string) error {
	return s.finish(ctx, id, owner, bson.M{"status": statusFailed, "last_status": code, "last_error": msg})
}
