package domain_test

import (
	"context"
	"testing"

	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
	"github.com/copydesk/copydesk/services/agents/internal/store"
)

// The user's message is stored while the answer is being written; by the
// time the answer is done it is in the conversation before the answer — a
// new conversation and a continued one alike — and the history sent to
// the llm holds the earlier turns only.
func TestTheQuestionIsStoredWhenTheAnswerIsDone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	writer := user(principal.RoleContentWriter, companyA)
	a := h.agent(t, user(principal.RoleCompanyAdmin, companyA))
	convID := ""
	for i, question := range []string{"How long for returns?", "And for sale items?"} {
		r, err := h.svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, ConversationID: convID, Message: question}, func(string) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		convID = r.ConversationID
		seen, _, err := h.svc.Messages(ctx, writer, convID, msgPage())
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 2*i+2 || seen[2*i].Role != domain.RoleUser || seen[2*i].Content != question || seen[2*i+1].ID != r.Message.ID {
			t.Fatalf("turn %d: messages stored when done: %+v", i, seen)
		}
		if c := h.llm.last(t); len(c.Messages) != 2*i+1 || c.Messages[2*i].Content != question {
			t.Fatalf("turn %d: completion messages %+v", i, c.Messages)
		}
	}
}

// slowStart stores a new conversation only once release is closed.
type slowStart struct {
	*store.Conversations
	release chan struct{}
}

func (s slowStart) StartConversation(ctx context.Context, c domain.Conversation, m domain.Message) (domain.Conversation, domain.Message, error) {
	<-s.release
	return s.Conversations.StartConversation(ctx, c, m)
}

// A client that goes away after the first piece of the answer, while its
// question is still being stored, finds the question kept with an error
// marker, never the half answer.
func TestAClientThatGoesAwayKeepsItsQuestion(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	writer := user(principal.RoleContentWriter, companyA)
	a := h.agent(t, user(principal.RoleCompanyAdmin, companyA))
	deps := h.deps
	release := make(chan struct{})
	deps.Conversations = slowStart{Conversations: h.convs, release: release}
	svc := h.replica(t, deps)
	ctx, goAway := context.WithCancel(t.Context())
	_, err := svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, Message: "Write a tagline"}, func(string) error {
		goAway()
		close(release)
		return context.Canceled // the stream's Send once the client is gone
	})
	if err == nil {
		t.Fatal("a chat whose client went away succeeded")
	}
	convs, _, err := h.svc.Conversations(t.Context(), writer, "", domain.ConversationFilter{}, msgPage())
	if err != nil || len(convs) != 1 {
		t.Fatalf("conversations %+v (%v), want the one", convs, err)
	}
	ms, _, err := h.svc.Messages(t.Context(), writer, convs[0].ID, msgPage())
	if err != nil || len(ms) != 2 || ms[0].Content != "Write a tagline" || ms[1].Status != domain.MessageFailed || ms[1].Content != "" {
		t.Fatalf("stored %+v (%v), want the question and an error marker", ms, err)
	}
}
