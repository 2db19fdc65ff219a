package store

import (
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

type citationDoc struct {
	N        int     `bson:"n"`
	ChunkID  string  `bson:"chunk_id"`
	SourceID string  `bson:"source_id"`
	Title    string  `bson:"title"`
	Ref      string  `bson:"ref"`
	URL      string  `bson:"url"`
	Score    float64 `bson:"score"`
}

type usageDoc struct {
	PromptTokens     int `bson:"prompt_tokens"`
	CompletionTokens int `bson:"completion_tokens"`
	TotalTokens      int `bson:"total_tokens"`
	CostMicros       int `bson:"cost_micros"`
}

type messageDoc struct {
	ID             bson.ObjectID `bson:"_id,omitempty"`
	CompanyID      string        `bson:"company_id"`
	ConversationID string        `bson:"conversation_id"`
	Role           string        `bson:"role"`
	Content        string        `bson:"content"`
	Citations      []citationDoc `bson:"citations"`
	Usage          usageDoc      `bson:"usage"`
	PersonaVersion int64         `bson:"persona_version"`
	Status         string        `bson:"status"`
	Error          string        `bson:"error"`
	Model          string        `bson:"model"`
	Provider       string        `bson:"provider"`
	CreatedAt      time.Time     `bson:"created_at"`
}

func toMessageDoc(m domain.Message) messageDoc {
	d := messageDoc{CompanyID: m.CompanyID, ConversationID: m.ConversationID, Role: m.Role, Content: m.Content,
		Citations: []citationDoc{}, Usage: usageDoc(m.Usage), PersonaVersion: m.PersonaVersion, Status: m.Status,
		Error: m.Error, Model: m.Model, Provider: m.Provider, CreatedAt: m.CreatedAt}
	for _, c := range m.Citations {
		d.Citations = append(d.Citations, citationDoc{N: c.N, ChunkID: c.ChunkID, SourceID: c.Source.ID, Title: c.Source.Title,
			Ref: c.Source.Ref, URL: c.Source.URL, Score: c.Score})
	}
	return d
}

func (d messageDoc) domain() domain.Message {
	m := domain.Message{ID: d.ID.Hex(), CompanyID: d.CompanyID, ConversationID: d.ConversationID, Role: d.Role, Content: d.Content,
		Citations: []domain.Citation{}, Usage: domain.Usage(d.Usage), PersonaVersion: d.PersonaVersion, Status: d.Status,
		Error: d.Error, Model: d.Model, Provider: d.Provider, CreatedAt: d.CreatedAt.UTC()}
	for _, c := range d.Citations {
		m.Citations = append(m.Citations, domain.Citation{N: c.N, ChunkID: c.ChunkID, Score: c.Score,
			Source: domain.Source{ID: c.SourceID, Title: c.Title, Ref: c.Ref, URL: c.URL}})
	}
	return m
}

// AddMessage stores m in its conversation and moves the conversation's
// updated_at: two independent writes (the touch is a $max, so their order
// does not matter), sent at once.
func (s *Conversations) AddMessage(ctx ctxT, company string, m domain.Message) (domain.Message, error) {
	if err := requireCompany(company); err != nil {
		return domain.Message{}, err
	}
	touched := make(chan error, 1)
	go func() {
		oid, err := mongox.ParseID(m.ConversationID)
		if err != nil {
			touched <- nil // no such conversation to touch
			return
		}
		if _, err := s.convs.UpdateOne(ctx, bson.M{"_id": oid, "company_id": company}, bson.M{"$max": bson.M{"updated_at": m.CreatedAt}}); err != nil {
			touched <- fmt.Errorf("touch conversation: %w", err)
			return
		}
		touched <- nil
	}()
	stored, err := s.insertMessage(ctx, company, m)
	if terr := <-touched; err == nil && terr != nil {
		return domain.Message{}, terr
	}
	return stored, err
}

// insertMessage stores m as a message of company.
func (s *Conversations) insertMessage(ctx ctxT, company string, m domain.Message) (domain.Message, error) {
	m.CompanyID = company
	d := toMessageDoc(m)
	d.ID = bson.NewObjectID()
	if _, err := s.msgs.InsertOne(ctx, d); err != nil {
		return domain.Message{}, fmt.Errorf("insert message: %w", err)
	}
	return d.domain(), nil
}

// Messages returns a page of a conversation's messages (sorted by time).
func (s *Conversations) Messages(ctx ctxT, company, conversationID string, p domain.Page) ([]domain.Message, int64, error) {
	if err := requireCompany(company); err != nil {
		return nil, 0, err
	}
	var docs []messageDoc
	f := bson.M{"company_id": company, "conversation_id": conversationID}
	total, err := mongox.FindPage(ctx, s.msgs, f, mongox.ByField(p, map[string]string{"created_at": "created_at"}, "created_at"), &docs)
	if err != nil {
		return nil, 0, fmt.Errorf("list messages: %w", err)
	}
	return toMessages(docs), total, nil
}

// Recent returns up to n of the newest messages, oldest first.
func (s *Conversations) Recent(ctx ctxT, company, conversationID string, n int) ([]domain.Message, error) {
	if err := requireCompany(company); err != nil {
		return nil, err
	}
	cur, err := s.msgs.Find(ctx, bson.M{"company_id": company, "conversation_id": conversationID},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(n)))
	if err != nil {
		return nil, fmt.Errorf("recent messages: %w", err)
	}
	var docs []messageDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("decode messages: %w", err)
	}
	out := toMessages(docs)
	slices.Reverse(out)
	return out, nil
}

func toMessages(docs []messageDoc) []domain.Message {
	out := make([]domain.Message, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.domain())
	}
	return out
}
