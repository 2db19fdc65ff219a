package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// turn is a chat turn whose user message is being stored.
type turn struct {
	// history is the conversation's messages before this one.
	history []Message
	// stored waits for the user's message to be stored and returns its
	// conversation.
	stored func() (Conversation, error)
}

// beginTurn starts storing msg in the caller's conversation with agent
// named by id, or in a new one, and returns at once with the history the
// prompt needs. A named conversation is checked first (404 when it is
// someone else's or another agent's), its history read beside the check
// and dropped unless it passes; only the inserts run in the background,
// detached from the request (bounded by detachedWrite) so that a client
// that goes away mid-answer still finds its question stored. A failed
// store calls stop, which cancels what waits on it (the retrieval and the
// llm call).
func (s *Service) beginTurn(ctx context.Context, stop context.CancelFunc, p principal.Principal, agent Agent, id, msg string) (turn, error) {
	now := s.now()
	user := Message{Role: RoleUser, Content: msg, Status: MessageOK, CreatedAt: now}
	var c Conversation
	var recent []Message
	if id != "" {
		recentRead := async(func() ([]Message, error) { return s.convs.Recent(ctx, agent.CompanyID, id, s.cfg.HistoryMessages) })
		var err error
		c, err = s.convs.GetConversation(ctx, ConversationScope{Scope: Company(agent.CompanyID), UserID: p.UserID}, id)
		var recentErr error
		recent, recentErr = recentRead()
		switch {
		case err != nil:
			return turn{}, err
		case c.AgentID != agent.ID:
			return turn{}, errs.New(errs.ErrNotFound, "Conversation not found")
		case recentErr != nil:
			return turn{}, recentErr
		}
		user.ConversationID = c.ID
	}
	store := func() (Conversation, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), detachedWrite)
		defer cancel()
		if id == "" {
			started, _, err := s.convs.StartConversation(ctx, Conversation{AgentID: agent.ID, UserID: p.UserID, CompanyID: agent.CompanyID,
				Title: truncateRunes(msg, titleRunes), CreatedAt: now, UpdatedAt: now}, user)
			return started, err
		}
		_, err := s.convs.AddMessage(ctx, agent.CompanyID, user)
		return c, err
	}
	return turn{history: recent, stored: async(func() (Conversation, error) {
		conv, err := store()
		if err != nil {
			stop()
		}
		return conv, err
	})}, nil
}
