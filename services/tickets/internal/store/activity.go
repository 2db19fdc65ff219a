package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Activity implements domain.ActivityStore: comments and history, each in
// its own collection (no arrays inside the ticket that grow without
// bound). The history is the shared mongox.History, entries naming their
// ticket in ticket_id.
type Activity struct {
	comments *mongo.Collection
	*mongox.History
}

// NewActivity returns the store on db.
func NewActivity(db *mongo.Database) *Activity {
	return &Activity{comments: db.Collection(commentsColl), History: mongox.NewHistory(db.Collection(historyColl), "ticket_id")}
}

var _ domain.ActivityStore = (*Activity)(nil)

type commentDoc struct {
	ID        bson.ObjectID `bson:"_id"`
	CompanyID string        `bson:"company_id"`
	TicketID  string        `bson:"ticket_id"`
	AuthorID  string        `bson:"author_id"`
	Body      string        `bson:"body"`
	CreatedAt time.Time     `bson:"created_at"`
}

// InsertComment stores a comment; one with an id is stored under it, and
// counts as done when stored already (a relay that runs again).
func (a *Activity) InsertComment(ctx ctxT, c domain.Comment) (domain.Comment, error) {
	d, err := toCommentDoc(c)
	if err != nil {
		return domain.Comment{}, err
	}
	if err := mongox.InsertNew(ctx, a.comments, []any{d}); err != nil {
		return domain.Comment{}, err
	}
	c.ID = d.ID.Hex()
	return c, nil
}

// toCommentDoc is the stored form of c, under c.ID or a new id.
func toCommentDoc(c domain.Comment) (commentDoc, error) {
	if err := mongox.RequireTenant(c.CompanyID); err != nil {
		return commentDoc{}, err
	}
	id, err := newOrID(c.ID)
	if err != nil {
		return commentDoc{}, err
	}
	return commentDoc{ID: id, CompanyID: c.CompanyID, TicketID: c.TicketID,
		AuthorID: c.AuthorID, Body: c.Body, CreatedAt: c.CreatedAt}, nil
}

func (d commentDoc) domain() domain.Comment {
	return domain.Comment{ID: d.ID.Hex(), CompanyID: d.CompanyID, TicketID: d.TicketID,
		AuthorID: d.AuthorID, Body: d.Body, CreatedAt: d.CreatedAt.UTC()}
}

// newOrID is the ObjectID of hex, or a new one for "".
func newOrID(hex string) (bson.ObjectID, error) {
	if hex == "" {
		return bson.NewObjectID(), nil
	}
	id, err := bson.ObjectIDFromHex(hex)
	if err != nil {
		return id, fmt.Errorf("record id %q: %w", hex, err)
	}
	return id, nil
}

// ListComments pages a ticket's comments by creation time.
func (a *Activity) ListComments(ctx ctxT, company, ticketID string, p domain.Page) ([]domain.Comment, int64, error) {
	if err := mongox.RequireTenant(company); err != nil {
		return nil, 0, err
	}
	var docs []commentDoc
	total, err := mongox.FindPage(ctx, a.comments, bson.M{"company_id": company, "ticket_id": ticketID},
		mongox.Page{Skip: p.Skip, Limit: p.Limit, Sort: "created_at", Desc: p.Desc}, &docs)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.Comment, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.domain())
	}
	return out, total, nil
}
