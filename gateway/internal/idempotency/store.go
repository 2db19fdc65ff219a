// Package idempotency gives every authenticated POST of the REST face
// Stripe's Idempotency-Key semantics: the first request with a key runs and
// its answer is kept for 24 hours; a retry with the same key and the same
// request gets that answer again (Idempotent-Replayed: true) without
// running twice; the same key with another request is a 422. Keys are
// scoped to the caller (company and user), so one caller's key never
// answers another's request.
//
// Exactly once without transactions: the first request inserts a pending
// record whose _id is the scoped key (an insert is atomic on MongoDB and
// FerretDB alike), runs, and completes the record with its answer. A
// concurrent duplicate finds the pending record and waits for the answer.
// A 5xx answer is not kept: the record is removed so the client's retry
// runs again. A pending record whose owner died (its lease ran out) may
// be taken over by one retry, so a gateway crash mid-request never blocks
// a key for 24 hours. The gateway owns the database copydesk_gateway.
package idempotency

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// Collection holds one record per scoped key.
const Collection = "idempotency_keys"

const (
	statePending = "pending"
	stateDone    = "done"
)

// Migrations are the gateway database's migrations.
func Migrations() []mongox.Migration {
	return []mongox.Migration{{
		Version:     1,
		Description: "idempotency_keys: purge by expiry",
		Up:          mongox.Indexes(Collection, mongox.Index("expires_at", "_id")),
	}}
}

// record is one key's request and, once done, its answer.
type record struct {
	ID          string    `bson:"_id"`
	CompanyID   string    `bson:"company_id"`
	UserID      string    `bson:"user_id"`
	Fingerprint string    `bson:"fingerprint"`
	State       string    `bson:"state"`
	Owner       string    `bson:"owner"` // the request that claimed it
	Status      int       `bson:"status,omitempty"`
	ContentType string    `bson:"content_type,omitempty"`
	Body        []byte    `bson:"body,omitempty"`
	CreatedAt   time.Time `bson:"created_at"`
	LeaseUntil  time.Time `bson:"lease_until"`
	ExpiresAt   time.Time `bson:"expires_at"`
}

// Store keeps the records.
type Store struct {
	coll  *mongo.Collection
	ttl   time.Duration // how long an answer is kept
	lease time.Duration // how long a pending record is its owner's
	now   func() time.Time
}

// NewStore returns a store on db keeping answers for ttl; a pending record
// belongs to its request for lease (longer than any request may take).
func NewStore(db *mongo.Database, ttl, lease time.Duration) *Store {
	return &Store{coll: db.Collection(Collection), ttl: ttl, lease: lease, now: time.Now}
}

// ScopedID is the record id of a key sent by one caller.
func ScopedID(companyID, userID, key string) string {
	sum := sha256.Sum256([]byte(companyID + "\x00" + userID + "\x00" + key))
	return hex.EncodeToString(sum[:])
}

// claim inserts a pending record for id owned by owner. It returns
// (nil, nil) when the caller now owns the key, or the record that holds it.
func (s *Store) claim(ctx context.Context, id, owner, companyID, userID, fingerprint string) (*record, error) {
	for range 3 {
		now := s.now()
		_, err := s.coll.InsertOne(ctx, record{
			ID: id, CompanyID: companyID, UserID: userID, Fingerprint: fingerprint, State: statePending, Owner: owner,
			CreatedAt: now, LeaseUntil: now.Add(s.lease), ExpiresAt: now.Add(s.ttl),
		})
		if err == nil {
			return nil, nil
		}
		if !mongox.IsDuplicateKey(err) {
			return nil, err
		}
		held, err := s.get(ctx, id)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue // released meanwhile: claim again
		}
		if err != nil {
			return nil, err
		}
		stale := now.After(held.ExpiresAt) || (held.State == statePending && now.After(held.LeaseUntil))
		if !stale {
			return held, nil
		}
		// An expired answer, or an owner that died: remove exactly that
		// record and claim again (the insert decides between racers).
		if _, err := s.coll.DeleteOne(ctx, bson.M{"_id": id, "owner": held.Owner}); err != nil {
			return nil, err
		}
	}
	return nil, errors.New("idempotency key: could not claim")
}

func (s *Store) get(ctx context.Context, id string) (*record, error) {
	var r record
	if err := s.coll.FindOne(ctx, bson.M{"_id": id}).Decode(&r); err != nil {
		return nil, err
	}
	return &r, nil
}

// complete keeps the answer of the request that owns id.
func (s *Store) complete(ctx context.Context, id, owner string, status int, contentType string, body []byte) error {
	_, err := s.coll.UpdateOne(ctx, bson.M{"_id": id, "owner": owner}, bson.M{"$set": bson.M{
		"state": stateDone, "status": status, "content_type": contentType, "body": body,
	}})
	return err
}

// release removes the pending record of id, so that a retry runs again.
func (s *Store) release(ctx context.Context, id, owner string) error {
	_, err := s.coll.DeleteOne(ctx, bson.M{"_id": id, "owner": owner})
	return err
}

// Purge removes the records that expired before now (the hourly job).
func (s *Store) Purge(ctx context.Context) (int64, error) {
	res, err := s.coll.DeleteMany(ctx, bson.M{"expires_at": bson.M{"$lt": s.now()}})
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}
