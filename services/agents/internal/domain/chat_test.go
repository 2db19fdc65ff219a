package domain_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

func msgPage() domain.Page { return domain.Page{Limit: 100, Sort: "created_at"} }

func TestChatGroundsInItsOwnCompanyAndCites(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	writer := user(principal.RoleContentWriter, companyA)
	a, err := h.svc.Create(ctx, user(principal.RoleCompanyAdmin, companyA), domain.CreateInput{Name: "Trail Voice",
		Knowledge: &domain.KnowledgeScope{Tags: []string{"support"}, UseAgentChunks: true}})
	if err != nil {
		t.Fatal(err)
	}
	h.knowledge.chunks = []domain.Chunk{
		{ID: "b1", CompanyID: companyB, Content: "B SECRET pricing", Source: domain.Source{Title: "B"}},
		{ID: "a1", CompanyID: companyA, Content: "Unworn boots may be returned within 60 days.", Score: 0.9,
			Source: domain.Source{ID: "s1", Title: "Returns", Ref: "returns.md"}},
	}
	r, err := h.svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, Message: "How long for returns?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := h.knowledge.queries[0]
	if q.CompanyID != companyA || q.AgentID != a.ID || q.TopK != 5 || len(q.Tags) != 1 || q.Query != "How long for returns?" {
		t.Fatalf("search = %+v", q)
	}
	c := h.llm.last(t)
	if strings.Contains(c.System, "B SECRET") || !strings.Contains(c.System, "[1] Returns\nUnworn boots") {
		t.Fatalf("system prompt:\n%s", c.System)
	}
	if len(c.Messages) != 1 || c.Messages[0].Content != "How long for returns?" {
		t.Fatalf("completion = %+v", c)
	}
	m := r.Message
	if m.Role != domain.RoleAssistant || m.Status != domain.MessageOK || m.PersonaVersion != 1 || len(m.Citations) != 1 ||
		m.Citations[0].ChunkID != "a1" || m.Citations[0].Source.Ref != "returns.md" || m.Usage.TotalTokens != 15 {
		t.Fatalf("answer = %+v", m)
	}
	stored, n, err := h.svc.Messages(ctx, writer, r.ConversationID, msgPage())
	if err != nil || n != 2 || stored[0].Role != domain.RoleUser || stored[1].ID != m.ID || stored[1].Citations[0].N != 1 {
		t.Fatalf("stored turn: %+v %d %v", stored, n, err)
	}
}

func TestAFailedAnswerStoresTheQuestionAndAMarker(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	writer := user(principal.RoleContentWriter, companyA)
	a := h.agent(t, user(principal.RoleCompanyAdmin, companyA))
	first, err := h.svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, Message: "first"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	limited := &errs.RateLimitedError{Msg: "budget exceeded"}
	h.llm.err = limited
	var deltas []string
	_, err = h.svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, ConversationID: first.ConversationID, Message: "second"},
		func(d string) error { deltas = append(deltas, d); return nil })
	if !errors.Is(err, limited) {
		t.Fatalf("error = %v, want the llm's own", err)
	}
	if len(deltas) == 0 {
		t.Fatal("the stream sent nothing before failing; the test does not cover a half answer")
	}
	stored, n, err := h.svc.Messages(ctx, writer, first.ConversationID, msgPage())
	if err != nil || n != 4 {
		t.Fatalf("stored %d messages: %v", n, err)
	}
	if stored[2].Content != "second" || stored[3].Status != domain.MessageFailed || stored[3].Content != "" {
		t.Fatalf("failed turn stored as %+v / %+v", stored[2], stored[3])
	}
	h.llm.err = nil
	if _, err := h.svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, ConversationID: first.ConversationID, Message: "third"}, nil); err != nil {
		t.Fatal(err)
	}
	var turns []string
	for _, m := range h.llm.last(t).Messages {
		turns = append(turns, m.Role+":"+m.Content)
	}
	if got := strings.Join(turns, "|"); got != "user:first|assistant:"+h.llm.text+"|user:third" {
		t.Fatalf("history sent = %s", got)
	}
}

func TestConversationsAreTheirOwnersAndTheirAdmins(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	a := h.agent(t, user(principal.RoleCompanyAdmin, companyA))
	w1, w2 := user(principal.RoleContentWriter, companyA), user(principal.RoleContentWriter, companyA)
	admin, adminB := user(principal.RoleCompanyAdmin, companyA), user(principal.RoleCompanyAdmin, companyB)
	r, err := h.svc.Chat(ctx, w1, domain.ChatInput{AgentID: a.ID, Message: "mine"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Chat(ctx, w2, domain.ChatInput{AgentID: a.ID, ConversationID: r.ConversationID, Message: "hijack"}, nil); !isKind(err, errs.ErrNotFound) {
		t.Fatalf("another writer continues it: %v", err)
	}
	if _, _, err := h.svc.Messages(ctx, w2, r.ConversationID, msgPage()); !isKind(err, errs.ErrNotFound) {
		t.Fatalf("another writer reads it: %v", err)
	}
	if _, _, err := h.svc.Messages(ctx, adminB, r.ConversationID, msgPage()); !isKind(err, errs.ErrNotFound) {
		t.Fatalf("another company's admin reads it: %v", err)
	}
	pg := domain.Page{Limit: 100, Sort: "updated_at", Desc: true}
	for who, want := range map[string]struct {
		p principal.Principal
		n int64
	}{"owner": {w1, 1}, "other writer": {w2, 0}, "admin": {admin, 1}, "admin of B": {adminB, 0}} {
		if _, n, err := h.svc.Conversations(ctx, want.p, "", domain.ConversationFilter{}, pg); err != nil || n != want.n {
			t.Errorf("%s lists %d conversations (%v), want %d", who, n, err, want.n)
		}
	}
	if _, err := h.svc.DeleteConversation(ctx, w1, r.ConversationID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.svc.Messages(ctx, w1, r.ConversationID, msgPage()); !isKind(err, errs.ErrNotFound) {
		t.Fatalf("deleted conversation reads: %v", err)
	}
}
