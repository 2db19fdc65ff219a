package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// Conversations implements domain.ConversationStore.
type Conversations struct {
	convs, msgs *mongo.Collection
}

// NewConversations returns the store on db.
func NewConversations(db *mongo.Database) *Conversations {
	return &Conversations{convs: db.Collection(conversationsColl), msgs: db.Collection(messagesColl)}
}

var _ domain.ConversationStore = (*Conversations)(nil)

type conversationDoc struct {
	ID        bson.ObjectID `bson:"_id,omitempty"`
	CompanyID string        `bson:"company_id"`
	AgentID   string        `bson:"agent_id"`
	UserID    string        `bson:"user_id"`
	Title     string        `bson:"title"`
	CreatedAt time.Time     `bson:"created_at"`
	UpdatedAt time.Time     `bson:"updated_at"`
}

func (d conversationDoc) domain() domain.Conversation {
	return domain.Conversation{ID: d.ID.Hex(), CompanyID: d.CompanyID, AgentID: d.AgentID, UserID: d.UserID, Title: d.Title,
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

// conversationFilter is the filter of sc: its company (or all) and its
// user unless AllUsers. A user scope without a user is refused.
func conversationFilter(sc domain.ConversationScope) (bson.M, error) {
	f, err := companyFilter(sc.Scope)
	if err != nil {
		return nil, err
	}
	if !sc.AllUsers {
		if sc.UserID == "" {
			return nil, fmt.Errorf("store: conversation scope without a user")
		}
		f["user_id"] = sc.UserID
	}
	return f, nil
}

// StartConversation stores a new conversation and its first message: the
// conversation first (a message never names a conversation that is not
// stored), stamped updated_at with the message's time, so the message
// needs no second write to touch it.
func (s *Conversations) StartConversation(ctx ctxT, c domain.Conversation, first domain.Message) (domain.Conversation, domain.Message, error) {
	if err := requireCompany(c.CompanyID); err != nil {
		return domain.Conversation{}, domain.Message{}, err
	}
	d := conversationDoc{ID: bson.NewObjectID(), CompanyID: c.CompanyID, AgentID: c.AgentID, UserID: c.UserID, Title: c.Title,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if first.CreatedAt.After(d.UpdatedAt) {
		d.UpdatedAt = first.CreatedAt
	}
	if _, err := s.convs.InsertOne(ctx, d); err != nil {
		return domain.Conversation{}, domain.Message{}, fmt.Errorf("insert conversation: %w", err)
	}
	first.ConversationID = d.ID.Hex()
	m, err := s.insertMessage(ctx, c.CompanyID, first)
	if err != nil {
		return domain.Conversation{}, domain.Message{}, err
	}
	return d.domain(), m, nil
}

// GetConversation reads a conversation in scope.
func (s *Conversations) GetConversation(ctx ctxT, sc domain.ConversationScope, id string) (domain.Conversation, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Conversation{}, err
	}
	f, err := conversationFilter(sc)
	if err != nil {
		return domain.Conversation{}, err
	}
	f["_id"] = oid
	var d conversationDoc
	if err := s.convs.FindOne(ctx, f).Decode(&d); err != nil {
		return domain.Conversation{}, fmt.Errorf("conversation %s: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}

// ListConversations returns a page of conversations in scope.
func (s *Conversations) ListConversations(ctx ctxT, sc domain.ConversationScope, cf domain.ConversationFilter, p domain.Page) ([]domain.Conversation, int64, error) {
	f, err := conversationFilter(sc)
	if err != nil {
		return nil, 0, err
	}
	if cf.AgentID != "" {
		f["agent_id"] = cf.AgentID
	}
	var docs []conversationDoc
	total, err := mongox.FindPage(ctx, s.convs, f, mongox.ScopedPage(sc.Scope, mongox.ByField(p, map[string]string{"created_at": "created_at", "updated_at": "updated_at"}, "updated_at")), &docs)
	if err != nil {
		return nil, 0, fmt.Errorf("list conversations: %w", err)
	}
	out := make([]domain.Conversation, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.domain())
	}
	return out, total, nil
}

// DeleteConversation deletes a conversation in scope, then its messages.
func (s *Conversations) DeleteConversation(ctx ctxT, sc domain.ConversationScope, id string) (domain.Conversation, error) {
	c, err := s.GetConversation(ctx, sc, id)
	if err != nil {
		return domain.Conversation{}, err
	}
	oid, _ := mongox.ParseID(c.ID)
	if _, err := s.convs.DeleteOne(ctx, bson.M{"_id": oid, "company_id": c.CompanyID}); err != nil {
		return domain.Conversation{}, fmt.Errorf("delete conversation %s: %w", id, err)
	}
	if _, err := s.msgs.DeleteMany(ctx, bson.M{"company_id": c.CompanyID, "conversation_id": c.ID}); err != nil {
		return domain.Conversation{}, fmt.Errorf("delete messages of conversation %s: %w", id, err)
	}
	return c, nil
}
