package store

import (
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// maxNumberTries bounds the retries of a create that keeps meeting taken
// numbers.
const maxNumberTries = 20

// Create numbers t and inserts it. The number is the next numbered slot
// of the company in ticket_numbers (mongox.NextNumber: an insert, so no
// two callers get the same number, on FerretDB too). The unique index on
// (company_id, number) stays the last word: a number taken some other way
// (a replica of an older release, which counted with $inc) makes the
// insert take the next slot. Tickets are never hard-deleted and slots
// never released, so a number is never reused; a create that fails after
// taking its number leaves a gap.
func (s *Tickets) Create(ctx ctxT, t domain.Ticket) (domain.Ticket, error) {
	if err := mongox.RequireTenant(t.CompanyID); err != nil {
		return domain.Ticket{}, err
	}
	return s.insertNumbered(ctx, t, bson.NewObjectID())
}

// errIDTaken is an insert under an id that another insert took first.
var errIDTaken = errors.New("ticket id taken")

// insertNumbered inserts t under id with the next number of its company.
func (s *Tickets) insertNumbered(ctx ctxT, t domain.Ticket, id bson.ObjectID) (domain.Ticket, error) {
	for range maxNumberTries {
		n, err := mongox.NextNumber(ctx, s.numbers, t.CompanyID)
		if err != nil {
			return domain.Ticket{}, fmt.Errorf("next ticket number: %w", err)
		}
		t.Number = n
		d := toDoc(t)
		d.ID = id
		if d.Pending, d.PendingSince, err = toPendingDocs(t.Pending); err != nil {
			return domain.Ticket{}, err
		}
		_, err = s.coll.InsertOne(ctx, d)
		if err == nil {
			return d.domain(), nil
		}
		if !mongox.IsDuplicateKey(err) {
			return domain.Ticket{}, fmt.Errorf("insert ticket: %w", err)
		}
		if taken, err := s.coll.CountDocuments(ctx, bson.M{"_id": id}); err != nil || taken > 0 {
			return domain.Ticket{}, errors.Join(errIDTaken, err)
		}
	}
	return domain.Ticket{}, fmt.Errorf("insert ticket: no free number after %d tries", maxNumberTries)
}
