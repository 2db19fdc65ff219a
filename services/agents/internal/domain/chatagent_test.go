package domain_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
	"github.com/copydesk/copydesk/services/agents/internal/store"
)

// byTags answers a search with one chunk that names the tags searched.
func byTags(q domain.SearchQuery) []domain.Chunk {
	tags := strings.Join(q.Tags, ",")
	return []domain.Chunk{{ID: "c-" + tags, CompanyID: q.CompanyID, Content: "about " + tags, Source: domain.Source{Title: "T"}}}
}

// A replica starts retrieving with the agent as it last saw it, before
// reading it; an edit made on another replica still shapes the very next
// chat: its knowledge scope, its persona and version, archiving and
// deletion. An unchanged agent's knowledge is searched once per chat.
func TestAnAgentEditedOnAnyReplicaAnswersTheNextChat(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	other := h.replica(t, h.deps)
	ctx := t.Context()
	admin, writer := user(principal.RoleCompanyAdmin, companyA), user(principal.RoleContentWriter, companyA)
	a, err := h.svc.Create(ctx, admin, domain.CreateInput{Name: "Trail Voice", Persona: &domain.Persona{Voice: "warm"},
		Knowledge: &domain.KnowledgeScope{Tags: []string{"boots"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.knowledge.found = byTags
	chat := func() (domain.ChatResult, error) {
		return h.svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, Message: "What is new?"}, func(string) error { return nil })
	}
	for range 2 {
		if _, err := chat(); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(h.knowledge.queries); n != 2 {
		t.Fatalf("two chats searched %d times", n)
	}
	if _, err := other.Update(ctx, admin, a.ID, domain.UpdateInput{Persona: &domain.Persona{Voice: "dry"},
		Knowledge: &domain.KnowledgeScope{Tags: []string{"returns"}}}); err != nil {
		t.Fatal(err)
	}
	r, err := chat()
	if err != nil {
		t.Fatal(err)
	}
	if c := h.llm.last(t); !strings.Contains(c.System, "about returns") || strings.Contains(c.System, "about boots") ||
		!strings.Contains(c.System, "Voice: dry") || r.Message.PersonaVersion != 2 {
		t.Fatalf("after the edit: persona version %d, system prompt:\n%s", r.Message.PersonaVersion, c.System)
	}
	archived := domain.StatusArchived
	if _, err := other.Update(ctx, admin, a.ID, domain.UpdateInput{Status: &archived}); err != nil {
		t.Fatal(err)
	}
	if _, err := chat(); !isKind(err, errs.ErrConflict) {
		t.Fatalf("chat with an agent archived on another replica: %v, want 409", err)
	}
	active := domain.StatusActive
	if _, err := other.Update(ctx, admin, a.ID, domain.UpdateInput{Status: &active}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Delete(ctx, admin, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := chat(); !isKind(err, errs.ErrNotFound) {
		t.Fatalf("chat with an agent deleted on another replica: %v, want 404", err)
	}
}

// What a replica saw of another company's agent (a superadmin chatted
// with it) starts no search for a user of a company that may not see it.
func TestAnotherCompanysAgentIsNeverSearchedAhead(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	super := user(principal.RoleSuperadmin, "")
	b, err := h.svc.Create(ctx, super, domain.CreateInput{Name: "B Voice", CompanyID: companyB})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Chat(ctx, super, domain.ChatInput{AgentID: b.ID, Message: "hello"}, nil); err != nil {
		t.Fatal(err)
	}
	searched := len(h.knowledge.queries)
	_, err = h.svc.Chat(ctx, user(principal.RoleContentWriter, companyA), domain.ChatInput{AgentID: b.ID, Message: "hello"}, nil)
	if !isKind(err, errs.ErrNotFound) {
		t.Fatalf("a writer of A chats with B's agent: %v, want 404", err)
	}
	if n := len(h.knowledge.queries); n != searched {
		t.Fatalf("B's knowledge was searched for a writer of A (%d searches, want %d)", n, searched)
	}
}

// failingStore fails to store a new conversation.
type failingStore struct {
	*store.Conversations
	err error
}

func (f failingStore) StartConversation(context.Context, domain.Conversation, domain.Message) (domain.Conversation, domain.Message, error) {
	return domain.Conversation{}, domain.Message{}, f.err
}

// The llm is called while the question is being stored; when the store
// fails, the answer is never complete: the store's error is the answer,
// streamed or not, and nothing of the turn is kept.
func TestAQuestionThatWasNotStoredGetsNoAnswer(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	writer := user(principal.RoleContentWriter, companyA)
	a := h.agent(t, user(principal.RoleCompanyAdmin, companyA))
	deps := h.deps
	broken := errors.New("database unavailable")
	deps.Conversations = failingStore{Conversations: h.convs, err: broken}
	svc := h.replica(t, deps)
	for _, onDelta := range []func(string) error{func(string) error { return nil }, nil} {
		if _, err := svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, Message: "hi"}, onDelta); !errors.Is(err, broken) {
			t.Fatalf("streamed %v: error %v, want the store's", onDelta != nil, err)
		}
	}
	if convs, _, err := h.svc.Conversations(ctx, writer, "", domain.ConversationFilter{}, msgPage()); err != nil || len(convs) != 0 {
		t.Fatalf("conversations %+v (%v), want none", convs, err)
	}
}
