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

// Chat answers a message with an agent. The agent is read while its
// knowledge is retrieved (chatAgent); then the user's message is stored
// (beginTurn) while the retrieval ends and the llm is called with the
// prompt (SystemPrompt, the history trimmed to the budget, the new
// message) — streaming to onDelta when it is set. The answer is complete
// (returned, and so the stream's final event) only once the message is
// stored; a failed store cancels the retrieval and the llm call and is
// the error returned. The answer is stored with the citations it uses and
// the persona version that wrote it. When retrieval or the llm fails, an
// error marker is stored instead of an answer (never a partial one) and
// the error is returned as it came (an llm 429 keeps its retry delay).
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
	gctx, stop := context.WithCancel(ctx) // retrieval and the llm call
	defer stop()
	agent, retrieved, err := s.chatAgent(gctx, sc, in.AgentID, msg)
	if err != nil {
		return ChatResult{}, err
	}
	t, err := s.beginTurn(ctx, stop, p, agent, in.ConversationID, msg)
	if err != nil {
		stop()
		_, _ = retrieved()
		return ChatResult{}, err
	}
	chunks, err := retrieved()
	var answer Answer
	if err == nil {
		answer, err = s.complete(gctx, agent, chunks, trimHistory(t.history, s.cfg.HistoryTokens), msg, onDelta)
	}
	conv, storeErr := t.stored()
	if storeErr != nil {
		return ChatResult{}, storeErr
	}
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

// generate retrieves the agent's knowledge for query and has the llm
// answer msg after the turns, with the agent's persona and model.
func (s *Service) generate(ctx context.Context, agent Agent, query string, turns []Turn, msg string, onDelta func(string) error) (Answer, []Chunk, error) {
	chunks, err := s.retrieve(ctx, agent, query)
	if err != nil {
		return Answer{}, nil, err
	}
	a, err := s.complete(ctx, agent, chunks, turns, msg, onDelta)
	return a, chunks, err
}

// complete has the llm answer msg after the turns, grounded in chunks,
// with the agent's persona and model.
func (s *Service) complete(ctx context.Context, agent Agent, chunks []Chunk, turns []Turn, msg string, onDelta func(string) error) (Answer, error) {
	c := Completion{
		System: SystemPrompt(agent, chunks), Messages: append(turns, Turn{Role: RoleUser, Content: msg}),
		Provider: agent.Model.Provider, Model: agent.Model.Model, Temperature: agent.Model.Temperature, MaxTokens: agent.Model.MaxTokens,
	}
	return s.llm.Complete(ctx, c, onDelta)
}

// retrieve searches the agent's knowledge for query (searchQuery).
func (s *Service) retrieve(ctx context.Context, agent Agent, query string) ([]Chunk, error) {
	return s.search(ctx, searchQuery(agent, query))
}

// search runs q, which names one company; chunks of any other company are
// dropped even if the search returned them. A top_k of 0 retrieves
// nothing.
func (s *Service) search(ctx context.Context, q SearchQuery) ([]Chunk, error) {
	if q.TopK <= 0 {
		return nil, nil
	}
	found, err := s.retriever.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := found[:0]
	for _, c := range found {
		if c.CompanyID == q.CompanyID {
			out = append(out, c)
		}
	}
	return out, nil
}

// detachedWrite bounds the writes of a chat that outlive its request.
const detachedWrite = 5 * time.Second

// markFailed stores the error marker of a failed answer, even when the
// request's context is gone (a client that went away).
func (s *Service) markFailed(ctx context.Context, agent Agent, convID string, cause error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), detachedWrite)
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
