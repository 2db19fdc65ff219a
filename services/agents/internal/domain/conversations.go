package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/principal"
)

// Conversations lists the conversations p sees: their own, or for company
// admins (and superadmins) every user's of the company.
func (s *Service) Conversations(ctx context.Context, p principal.Principal, companyID string, f ConversationFilter, pg Page) ([]Conversation, int64, error) {
	sc, err := conversationScope(p, companyID)
	if err != nil {
		return nil, 0, err
	}
	return s.convs.ListConversations(ctx, sc, f, pg)
}

// Messages lists the messages of a conversation p sees.
func (s *Service) Messages(ctx context.Context, p principal.Principal, id string, pg Page) ([]Message, int64, error) {
	sc, err := conversationScope(p, "")
	if err != nil {
		return nil, 0, err
	}
	c, err := s.convs.GetConversation(ctx, sc, id)
	if err != nil {
		return nil, 0, err
	}
	return s.convs.Messages(ctx, c.CompanyID, c.ID, pg)
}

// DeleteConversation deletes a conversation p sees, and its messages.
func (s *Service) DeleteConversation(ctx context.Context, p principal.Principal, id string) (Conversation, error) {
	sc, err := conversationScope(p, "")
	if err != nil {
		return Conversation{}, err
	}
	return s.convs.DeleteConversation(ctx, sc, id)
}
