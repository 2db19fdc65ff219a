package store

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Create numbers t with its company's counter and inserts it.
func (s *Tickets) Create(ctx ctxT, t domain.Ticket) (domain.Ticket, error) {
	if err := requireCompany(t.CompanyID); err != nil {
		return domain.Ticket{}, err
	}
	n, err := s.nextNumber(ctx, t.CompanyID)
	if err != nil {
		return domain.Ticket{}, err
	}
	t.Number = n
	d := toDoc(t)
	d.ID = bson.NewObjectID()
	if _, err := s.coll.InsertOne(ctx, d); err != nil {
		return domain.Ticket{}, fmt.Errorf("insert ticket: %w", err)
	}
	return d.domain(), nil
}

// nextNumber increments the company's counter with one atomic
// findOneAndUpdate (upsert, return after): every caller gets its own
// number and a number is never handed out twice, even when the ticket
// insert that follows fails. Two first-ever upserts for one company can
// race on the counter's _id; the loser sees a duplicate key and retries,
// then finds the document and increments it.
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
