package store

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// maxNumberTries bounds the retries of a create that keeps meeting taken
// numbers.
const maxNumberTries = 200

// Create numbers t and inserts it. The number comes from the company's
// counter (findOneAndUpdate $inc, upsert); the unique index on
// (company_id, number) is what guarantees that no two tickets share a
// number: a duplicate insert takes the next number and tries again. (On
// MongoDB the counter alone is atomic; FerretDB's SQLite handler can hand
// the same counter value to concurrent callers, and the index catches
// it.) Tickets are never hard-deleted, so a number is never reused.
func (s *Tickets) Create(ctx ctxT, t domain.Ticket) (domain.Ticket, error) {
	if err := requireCompany(t.CompanyID); err != nil {
		return domain.Ticket{}, err
	}
	n, err := s.nextNumber(ctx, t.CompanyID)
	if err != nil {
		return domain.Ticket{}, err
	}
	for range maxNumberTries {
		t.Number = n
		d := toDoc(t)
		d.ID = bson.NewObjectID()
		_, err := s.coll.InsertOne(ctx, d)
		if err == nil {
			// Best effort: keep the counter ahead of numbers taken by retries.
			_, _ = s.counters.UpdateOne(ctx, bson.M{"_id": t.CompanyID}, bson.M{"$max": bson.M{"seq": n}})
			return d.domain(), nil
		}
		if !mongox.IsDuplicateKey(err) {
			return domain.Ticket{}, fmt.Errorf("insert ticket: %w", err)
		}
		next, err := s.nextNumber(ctx, t.CompanyID)
		if err != nil {
			return domain.Ticket{}, err
		}
		n = max(next, n+1)
	}
	return domain.Ticket{}, fmt.Errorf("insert ticket: no free number after %d tries", maxNumberTries)
}

// nextNumber increments the company's counter. Two first-ever upserts for
// one company can race on the counter's _id; the loser retries.
func (s *Tickets) nextNumber(ctx ctxT, company string) (int64, error) {
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	var err error
	for range 5 {
		var d struct {
			Seq int64 `bson:"seq"`
		}
		err = s.counters.FindOneAndUpdate(ctx, bson.M{"_id": company}, bson.M{"$inc": bson.M{"seq": int64(1)}}, opts).Decode(&d)
		if err == nil {
			return d.Seq, nil
		}
		if !mongox.IsDuplicateKey(err) {
			break
		}
	}
	return 0, fmt.Errorf("next ticket number: %w", err)
}
