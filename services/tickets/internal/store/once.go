package store

import (
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// requestDoc is the claim of an idempotency key: {_id: "<company>|<key>"}
// and the id of the ticket the key creates.
type requestDoc struct {
	ID        string        `bson:"_id"`
	CompanyID string        `bson:"company_id"`
	Key       string        `bson:"key"`
	TicketID  bson.ObjectID `bson:"ticket_id"`
	CreatedAt time.Time     `bson:"created_at"`
}

// CreateOnce is Create under an idempotency key of t's company, exactly
// once on FerretDB too (no transactions, so in two inserts that both
// refuse duplicates):
//
//  1. the key is claimed in ticket_requests with a fresh ticket id (an
//     insert: of concurrent callers exactly one wins); a caller that finds
//     the claim takes the ticket id it names;
//  2. the ticket is inserted under that id. The unique _id lets one
//     insert win; a caller whose insert meets the id (a concurrent
//     caller of the same key) returns the stored ticket.
//
// A caller that died between 1 and 2 leaves a claim without a ticket; the
// next call with the key creates it under the claimed id. created is true
// for the one call that inserted the ticket. A ticket deleted since is
// still the key's ticket (nothing new is created).
func (s *Tickets) CreateOnce(ctx ctxT, t domain.Ticket, key string) (domain.Ticket, bool, error) {
	if err := mongox.RequireTenant(t.CompanyID); err != nil {
		return domain.Ticket{}, false, err
	}
	claim := requestDoc{ID: t.CompanyID + "|" + key, CompanyID: t.CompanyID, Key: key, TicketID: bson.NewObjectID(), CreatedAt: t.CreatedAt}
	if _, err := s.requests.InsertOne(ctx, claim); err != nil {
		if !mongox.IsDuplicateKey(err) {
			return domain.Ticket{}, false, fmt.Errorf("claim idempotency key: %w", err)
		}
		if err := s.requests.FindOne(ctx, bson.M{"_id": claim.ID}).Decode(&claim); err != nil {
			return domain.Ticket{}, false, fmt.Errorf("read idempotency key: %w", err)
		}
		if got, err := s.byID(ctx, t.CompanyID, claim.TicketID); err == nil || !errors.Is(err, mongo.ErrNoDocuments) {
			return got, false, err
		}
	}
	created, err := s.insertNumbered(ctx, t, claim.TicketID)
	if errors.Is(err, errIDTaken) {
		got, err := s.byID(ctx, t.CompanyID, claim.TicketID)
		return got, false, err
	}
	return created, err == nil, err
}

// byID reads a ticket of company by id, deleted or not.
func (s *Tickets) byID(ctx ctxT, company string, id bson.ObjectID) (domain.Ticket, error) {
	var d ticketDoc
	if err := s.coll.FindOne(ctx, bson.M{"_id": id, "company_id": company}).Decode(&d); err != nil {
		return domain.Ticket{}, fmt.Errorf("read ticket %s: %w", id.Hex(), err)
	}
	return d.domain(), nil
}
