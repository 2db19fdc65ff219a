package domain_test

import (
	"testing"

	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// The user's message is stored while knowledge is retrieved; by the time
// the first piece of the answer is presented it is in the conversation —
// a new one and a continued one alike — and the history sent to the llm
// holds the earlier turns only.
func TestTheQuestionIsStoredBeforeTheAnswerShows(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	writer := user(principal.RoleContentWriter, companyA)
	a := h.agent(t, user(principal.RoleCompanyAdmin, companyA))
	convID := ""
	for i, question := range []string{"How long for returns?", "And for sale items?"} {
		var seen []domain.Message
		onDelta := func(string) error {
			if seen != nil {
				return nil
			}
			convs, _, err := h.svc.Conversations(ctx, writer, "", domain.ConversationFilter{AgentID: a.ID}, msgPage())
			if err != nil || len(convs) != 1 {
				t.Fatalf("conversations at the first delta: %+v %v", convs, err)
			}
			seen, _, err = h.svc.Messages(ctx, writer, convs[0].ID, msgPage())
			if err != nil {
				t.Fatal(err)
			}
			return nil
		}
		r, err := h.svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, ConversationID: convID, Message: question}, onDelta)
		if err != nil {
			t.Fatal(err)
		}
		convID = r.ConversationID
		if len(seen) != 2*i+1 || seen[2*i].Role != domain.RoleUser || seen[2*i].Content != question {
			t.Fatalf("turn %d: messages stored at the first delta: %+v", i, seen)
		}
		if c := h.llm.last(t); len(c.Messages) != 2*i+1 || c.Messages[2*i].Content != question {
			t.Fatalf("turn %d: completion messages %+v", i, c.Messages)
		}
	}
}
