package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Drafts implements domain.DraftStore: one document per draft, numbered
// per ticket by mongox.NextNumber on draft_numbers (an insert claim, so
// numbers are never shared), and a unique (ticket_id, number) index.
type Drafts struct {
	drafts, numbers *mongo.Collection
}

// NewDrafts returns the store on db.
func NewDrafts(db *mongo.Database) *Drafts {
	return &Drafts{drafts: db.Collection(draftsColl), numbers: db.Collection(draftNumbersColl)}
}

var _ domain.DraftStore = (*Drafts)(nil)

type draftSourceDoc struct {
	ID    string `bson:"id,omitempty"`
	Title string `bson:"title,omitempty"`
	Ref   string `bson:"ref,omitempty"`
	URL   string `bson:"url,omitempty"`
}

type citationDoc struct {
	N       int            `bson:"n"`
	ChunkID string         `bson:"chunk_id"`
	Source  draftSourceDoc `bson:"source"`
	Score   float64        `bson:"score"`
}

type draftDoc struct {
	ID             bson.ObjectID `bson:"_id"`
	CompanyID      string        `bson:"company_id"`
	TicketID       string        `bson:"ticket_id"`
	Number         int64         `bson:"number"`
	Content        string        `bson:"content"`
	AgentID        string        `bson:"agent_id"`
	PersonaVersion int64         `bson:"persona_version"`
	Citations      []citationDoc `bson:"citations"`
	CreatedBy      string        `bson:"created_by"`
	CreatedAt      time.Time     `bson:"created_at"`
	// PendingSince is set until the draft is recorded on its ticket
	// (index pending_since: the relay job's query).
	PendingSince *time.Time `bson:"pending_since,omitempty"`
}

// InsertDraft stores d with the ticket's next number.
func (s *Drafts) InsertDraft(ctx ctxT, d domain.Draft) (domain.Draft, error) {
	if err := mongox.RequireTenant(d.CompanyID); err != nil {
		return domain.Draft{}, err
	}
	n, err := mongox.NextNumber(ctx, s.numbers, d.TicketID)
	if err != nil {
		return domain.Draft{}, fmt.Errorf("draft number: %w", err)
	}
	doc := draftDoc{ID: bson.NewObjectID(), CompanyID: d.CompanyID, TicketID: d.TicketID, Number: n, Content: d.Content,
		AgentID: d.AgentID, PersonaVersion: d.PersonaVersion, Citations: make([]citationDoc, 0, len(d.Citations)),
		CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt, PendingSince: &d.CreatedAt}
	for _, c := range d.Citations {
		doc.Citations = append(doc.Citations, citationDoc{N: c.N, ChunkID: c.ChunkID, Score: c.Score,
			Source: draftSourceDoc{ID: c.Source.ID, Title: c.Source.Title, Ref: c.Source.Ref, URL: c.Source.URL}})
	}
	if _, err := s.drafts.InsertOne(ctx, doc); err != nil {
		return domain.Draft{}, fmt.Errorf("insert draft: %w", err)
	}
	return toDraft(doc), nil
}

// Recorded marks a draft recorded on its ticket (drafts are never
// changed otherwise, so a plain update races nothing).
func (s *Drafts) Recorded(ctx ctxT, id string) error {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return err
	}
	if _, err := s.drafts.UpdateOne(ctx, bson.M{"_id": oid}, bson.M{"$unset": bson.M{"pending_since": ""}}); err != nil {
		return fmt.Errorf("mark draft %s recorded: %w", id, err)
	}
	return nil
}

// PendingDrafts lists unrecorded drafts (every company) stored at or
// before `before`, oldest first.
func (s *Drafts) PendingDrafts(ctx ctxT, before time.Time, limit int) ([]domain.Draft, error) {
	cur, err := s.drafts.Find(ctx, bson.M{"pending_since": bson.M{"$lte": before}},
		options.Find().SetSort(bson.D{{Key: "pending_since", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("find unrecorded drafts: %w", err)
	}
	var docs []draftDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read unrecorded drafts: %w", err)
	}
	out := make([]domain.Draft, 0, len(docs))
	for _, d := range docs {
		out = append(out, toDraft(d))
	}
	return out, nil
}

// ListDrafts pages a ticket's drafts, newest first.
func (s *Drafts) ListDrafts(ctx ctxT, company, ticketID string, p domain.Page) ([]domain.Draft, int64, error) {
	if err := mongox.RequireTenant(company); err != nil {
		return nil, 0, err
	}
	return mongox.List(ctx, s.drafts, bson.M{"company_id": company, "ticket_id": ticketID},
		mongox.Page{Skip: p.Skip, Limit: p.Limit, Sort: "number", Desc: true}, toDraft)
}

func toDraft(d draftDoc) domain.Draft {
	out := domain.Draft{ID: d.ID.Hex(), CompanyID: d.CompanyID, TicketID: d.TicketID, Number: d.Number, Content: d.Content,
		AgentID: d.AgentID, PersonaVersion: d.PersonaVersion, Citations: make([]domain.DraftCitation, 0, len(d.Citations)),
		CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC()}
	for _, c := range d.Citations {
		out.Citations = append(out.Citations, domain.DraftCitation{N: c.N, ChunkID: c.ChunkID, Score: c.Score,
			Source: domain.DraftSource{ID: c.Source.ID, Title: c.Source.Title, Ref: c.Source.Ref, URL: c.Source.URL}})
	}
	return out
}
