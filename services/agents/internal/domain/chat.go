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
// while the company's knowledge in the agent's scope is retrieved (the
// two are independent; a failed store cancels the retrieval and wins);
// then the prompt is built (SystemPrompt, the history trimmed to the
// budget, the new message) and the llm called — streaming to onDelta when
// it is set — so the message is stored before any answer is presented.
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
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	retrieved := async(func() ([]Chunk, error) { return s.retrieve(rctx, agent, msg) })
	conv, history, err := s.storeUserMessage(ctx, p, agent, in.ConversationID, msg)
	if err != nil {
		cancel()
		_, _ = retrieved()
		return ChatResult{}, err
	}
	chunks, retErr := retrieved()
	if retErr != nil {
		s.markFailed(ctx, agent, conv.ID, retErr)
		return ChatResult{}, retErr
	}
	answer, err := s.complete(ctx, p, agent, chunks, trimHistory(history, s.cfg.HistoryTokens), msg, onDelta)
	if err != nil {
		s.markFailed(ctx, agent, conv.ID, err)
		return ChatResult{}, err
	}
	stored, err := s.convs.AddMessage(ctx, agent.CompanyID, Message{
		ConversationID: conv.ID, Role: RoleAssistant, Content: answer.Text, Citations: Citations(answer.Text, chunks),
		Usage: answer.Usage, PersonaVersion: agent.PersonaVersion, Status: MessageOK, Model: answer.Model,
		Provider: answer.Provider, CreatedAt: s.now(),
	})
	if err != nil {
		return ChatResult{}, err
	}
	return ChatResult{ConversationID: conv.ID, Message: stored}, nil
}

// storeUserMessage stores msg in the caller's conversation with agent
// named by id (404 when it is someone else's or another agent's), or in a
// new one; it returns the conversation and its messages before msg.
func (s *Service) storeUserMessage(ctx context.Context, p principal.Principal, agent Agent, id, msg string) (Conversation, []Message, error) {
	now := s.now()
	user := Message{Role: RoleUser, Content: msg, Status: MessageOK, CreatedAt: now}
	if id == "" {
		c, _, err := s.convs.StartConversation(ctx, Conversation{AgentID: agent.ID, UserID: p.UserID, CompanyID: agent.CompanyID,
			Title: truncateRunes(msg, titleRunes), CreatedAt: now, UpdatedAt: now}, user)
		return c, nil, err
	}
	// The history is read alongside the conversation (both filter by the
	// agent's company) and dropped unless the conversation is the caller's.
	recentRead := async(func() ([]Message, error) { return s.convs.Recent(ctx, agent.CompanyID, id, s.cfg.HistoryMessages) })
	c, err := s.convs.GetConversation(ctx, ConversationScope{Scope: Company(agent.CompanyID), UserID: p.UserID}, id)
	recent, recentErr := recentRead()
	if err != nil {
		return Conversation{}, nil, err
	}
	if c.AgentID != agent.ID {
		return Conversation{}, nil, errs.New(errs.ErrNotFound, "Conversation not found")
	}
	if recentErr != nil {
		return Conversation{}, nil, recentErr
	}
	user.ConversationID = c.ID
	if _, err := s.convs.AddMessage(ctx, agent.CompanyID, user); err != nil {
		return Conversation{}, nil, err
	}
	return c, recent, nil
}

// generate retrieves the agent's knowledge for query and has the llm
// answer msg after the turns, with the agent's persona and model.
func (s *Service) generate(ctx context.Context, p principal.Principal, agent Agent, query string, turns []Turn, msg string, onDelta func(string) error) (Answer, []Chunk, error) {
	chunks, err := s.retrieve(ctx, agent, query)
	if err != nil {
		return Answer{}, nil, err
	}
	a, err := s.complete(ctx, p, agent, chunks, turns, msg, onDelta)
	return a, chunks, err
}

// complete has the llm answer msg after the turns, grounded in chunks,
// with the agent's persona and model.
func (s *Service) complete(ctx context.Context, p principal.Principal, agent Agent, chunks []Chunk, turns []Turn, msg string, onDelta func(string) error) (Answer, error) {
	c := Completion{
		System: SystemPrompt(agent, chunks), Messages: append(turns, Turn{Role: RoleUser, Content: msg}),
		Provider: agent.Model.Provider, Model: agent.Model.Model, Temperature: agent.Model.Temperature, MaxTokens: agent.Model.MaxTokens,
	}
	if p.CompanyID != agent.CompanyID {
		c.CompanyID = agent.CompanyID // a superadmin acting for the agent's company
	}
	return s.llm.Complete(ctx, c, onDelta)
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

// async runs f in a goroutine of its own; the function it returns waits
// for f and gives its result.
func async[T any](f func() (T, error)) func() (T, error) {
	var (
		v    T
		err  error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		v, err = f()
	}()
	return func() (T, error) {
		<-done
		return v, err
	}
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
