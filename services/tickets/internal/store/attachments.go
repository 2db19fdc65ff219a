package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Attachments implements domain.AttachmentStore: one document per file,
// always read and deleted by (company_id, ticket_id, _id) — the index of
// migration 14 (11 before it ended with _id) — so no query can reach
// another company's or ticket's.
type Attachments struct{ coll *mongo.Collection }

// NewAttachments returns the store on db.
func NewAttachments(db *mongo.Database) *Attachments {
	return &Attachments{coll: db.Collection(attachmentsColl)}
}

var _ domain.AttachmentStore = (*Attachments)(nil)

type attachmentDoc struct {
	ID          bson.ObjectID `bson:"_id"`
	CompanyID   string        `bson:"company_id"`
	TicketID    string        `bson:"ticket_id"`
	Name        string        `bson:"name"`
	ContentType string        `bson:"content_type"`
	Size        int           `bson:"size"`
	UploadedBy  string        `bson:"uploaded_by"`
	CreatedAt   time.Time     `bson:"created_at"`
}

// NewID returns a fresh ObjectID.
func (s *Attachments) NewID() string { return bson.NewObjectID().Hex() }

func (s *Attachments) filter(company, ticketID string) (bson.M, error) {
	if err := mongox.RequireTenant(company); err != nil {
		return nil, err
	}
	return bson.M{"company_id": company, "ticket_id": ticketID}, nil
}

// InsertAttachment stores a's metadata.
func (s *Attachments) InsertAttachment(ctx ctxT, a domain.Attachment) error {
	if err := mongox.RequireTenant(a.CompanyID); err != nil {
		return err
	}
	id, err := mongox.ParseID(a.ID)
	if err != nil {
		return err
	}
	if _, err := s.coll.InsertOne(ctx, attachmentDoc{ID: id, CompanyID: a.CompanyID, TicketID: a.TicketID, Name: a.Name,
		ContentType: a.ContentType, Size: a.Size, UploadedBy: a.UploadedBy, CreatedAt: a.CreatedAt}); err != nil {
		return fmt.Errorf("insert attachment: %w", err)
	}
	return nil
}

// GetAttachment reads one attachment of a ticket.
func (s *Attachments) GetAttachment(ctx ctxT, company, ticketID, id string) (domain.Attachment, error) {
	f, err := s.filter(company, ticketID)
	if err != nil {
		return domain.Attachment{}, err
	}
	return mongox.Get(ctx, s.coll, f, id, toAttachment)
}

// ListAttachments pages a ticket's attachments, newest first.
func (s *Attachments) ListAttachments(ctx ctxT, company, ticketID string, p domain.Page) ([]domain.Attachment, int64, error) {
	f, err := s.filter(company, ticketID)
	if err != nil {
		return nil, 0, err
	}
	return mongox.List(ctx, s.coll, f, mongox.Page{Skip: p.Skip, Limit: p.Limit, Sort: "created_at", Desc: true}, toAttachment)
}

// DeleteAttachment removes one attachment of a ticket.
func (s *Attachments) DeleteAttachment(ctx ctxT, company, ticketID, id string) error {
	f, err := s.filter(company, ticketID)
	if err != nil {
		return err
	}
	if f["_id"], err = mongox.ParseID(id); err != nil {
		return err
	}
	res, err := s.coll.DeleteOne(ctx, f)
	if err != nil {
		return fmt.Errorf("delete attachment: %w", err)
	}
	if res.DeletedCount == 0 {
		return fmt.Errorf("attachment %s: %w", id, errs.ErrNotFound)
	}
	return nil
}

func toAttachment(d attachmentDoc) domain.Attachment {
	return domain.Attachment{ID: d.ID.Hex(), CompanyID: d.CompanyID, TicketID: d.TicketID, Name: d.Name,
		ContentType: d.ContentType, Size: d.Size, UploadedBy: d.UploadedBy, CreatedAt: d.CreatedAt.UTC()}
}
