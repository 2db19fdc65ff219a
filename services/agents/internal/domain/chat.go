package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// titleRunes is how much of the first message titles a conversation.
const titleRunes = 80

// Chat answers a message with an agent. The user's message is stored
// first; then the company's knowledge in the agent's scope is retrieved,
// the prompt built (SystemPrompt, the history trimmed to the budget, the
// new message) and the llm called — streaming to onDelta when it is set.
// The answer is stored with the citations it uses and the persona version
// that wrote it. When retrieval or the llm fails, an error marker is
// stored instead of an answer (never a partial one) and the error is
// returned as it came (an llm 429 keeps its retry delay).
func (s *Service) Chat(ctx context.Context, p principal.Principal, in ChatInput, onDelta func(string) error) (ChatResult, error) {
	sc, err := readScope(p, "")
	if err != nil {
		return ChatResult{}, err
	}
	msg := strings.TrimSpace(in.Message)
	var v errs.Validator
	length(&v, "message", msg, 1, maxMessage)
	if err := v.Err(); err != nil {
		return ChatResult{}, err
	}
	agent, err := s.agents.Get(ctx, sc, in.AgentID)
	if err != nil {
		return ChatResult{}, err
	}
	if agent.Status != StatusActive {
		return ChatResult{}, errs.New(errs.ErrConflict, "Agent is archived")
	}
	conv, history, err := s.conversation(ctx, p, agent, in.ConversationID, msg)
	if err != nil {
		return ChatResult{}, err
	}
	company := agent.CompanyID
	if _, err := s.convs.AddMessage(ctx, company, Message{ConversationID: conv.ID, Role: RoleUser, Content: msg,
		Status: MessageOK, CreatedAt: s.now()}); err != nil {
		return ChatResult{}, err
	}
	answer, chunks, err := s.answer(ctx, p, agent, history, msg, onDelta)
	if err != nil {
		s.markFailed(ctx, agent, conv.ID, err)
		return ChatResult{}, err
	}
	stored, err := s.convs.AddMessage(ctx, company, Message{
		ConversationID: conv.ID, Role: RoleAssistant, Content: answer.Text, Citations: Citations(answer.Text, chunks),
		Usage: answer.Usage, PersonaVersion: agent.PersonaVersion, Status: MessageOK, Model: answer.Model,
		Provider: answer.Provider, CreatedAt: s.now(),
	})
	if err != nil {
		return ChatResult{}, err
	}
	return ChatResult{ConversationID: conv.ID, Message: stored}, nil
}

// conversation is the caller's conversation with agent named by id (404
// when it is someone else's or another agent's), or a new one; and its
// recent messages.
func (s *Service) conversation(ctx context.Context, p principal.Principal, agent Agent, id, msg string) (Conversation, []Message, error) {
	if id == "" {
		now := s.now()
		c, err := s.convs.CreateConversation(ctx, Conversation{AgentID: agent.ID, UserID: p.UserID, CompanyID: agent.CompanyID,
			Title: truncateRunes(msg, titleRunes), CreatedAt: now, UpdatedAt: now})
		return c, nil, err
	}
	c, err := s.convs.GetConversation(ctx, ConversationScope{Scope: Company(agent.CompanyID), UserID: p.UserID}, id)
	if err != nil {
		return Conversation{}, nil, err
	}
	if c.AgentID != agent.ID {
		return Conversation{}, nil, errs.New(errs.ErrNotFound, "Conversation not found")
	}
	recent, err := s.convs.Recent(ctx, agent.CompanyID, c.ID, s.cfg.HistoryMessages)
	return c, recent, err
}

// answer retrieves the agent's knowledge for msg and calls the llm.
func (s *Service) answer(ctx context.Context, p principal.Principal, agent Agent, history []Message, msg string, onDelta func(string) error) (Answer, []Chunk, error) {
	return s.generate(ctx, p, agent, msg, trimHistory(history, s.cfg.HistoryTokens), msg, onDelta)
}

// generate retrieves the agent's knowledge for query and has the llm
// answer msg after the turns, with the agent's persona and model.
func (s *Service) generate(ctx context.Context, p principal.Principal, agent Agent, query string, turns []Turn, msg string, onDelta func(string) error) (Answer, []Chunk, error) {
	chunks, err := s.retrieve(ctx, agent, query)
	if err != nil {
		return Answer{}, nil, err
	}
	c := Completion{
		System: SystemPrompt(agent, chunks), Messages: append(turns, Turn{Role: RoleUser, Content: msg}),
		Provider: agent.Model.Provider, Model: agent.Model.Model, Temperature: agent.Model.Temperature, MaxTokens: agent.Model.MaxTokens,
	}
	if p.CompanyID != agent.CompanyID {
		c.CompanyID = agent.CompanyID // a superadmin acting for the agent's company
	}
	a, err := s.llm.Complete(ctx, c, onDelta)
	return a, chunks, err
}

// retrieve searches the agent's company in the agent's scope. Chunks of
// any other company are dropped even if a search returned them.
func (s *Service) retrieve(ctx context.Context, agent Agent, msg string) ([]Chunk, error) {
	if agent.TopK <= 0 {
		return nil, nil
	}
	q := SearchQuery{CompanyID: agent.CompanyID, Query: msg, TopK: agent.TopK, Tags: agent.Knowledge.Tags, SourceIDs: agent.Knowledge.SourceIDs}
	if agent.Knowledge.UseAgentChunks {
		q.AgentID = agent.ID
	}
	found, err := s.retriever.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := found[:0]
	for _, c := range found {
		if c.CompanyID == agent.CompanyID {
			out = append(out, c)
		}
	}
	return out, nil
}

// markFailed stores the error marker of a failed answer, even when the
// request's context is gone (a client that went away).
func (s *Service) markFailed(ctx context.Context, agent Agent, convID string, cause error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	s.log.WarnContext(ctx, "chat answer failed", "agent_id", agent.ID, "conversation_id", convID, "error", cause.Error())
	if _, err := s.convs.AddMessage(ctx, agent.CompanyID, Message{ConversationID: convID, Role: RoleAssistant, Status: MessageFailed,
		Error: failedAnswerMsg, PersonaVersion: agent.PersonaVersion, CreatedAt: s.now()}); err != nil {
		s.log.ErrorContext(ctx, "store failed answer", "conversation_id", convID, "error", err.Error())
	}
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
