package domain_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
	"github.com/copydesk/copydesk/services/agents/internal/store"
)

// fakeKnowledge answers every search with its chunks — of every company,
// as a broken knowledge service would — and records the queries.
type fakeKnowledge struct {
	mu      sync.Mutex
	chunks  []domain.Chunk
	queries []domain.SearchQuery
	// found, when set, answers instead of chunks.
	found func(domain.SearchQuery) []domain.Chunk
}

func (k *fakeKnowledge) Search(_ context.Context, q domain.SearchQuery) ([]domain.Chunk, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.queries = append(k.queries, q)
	if k.found != nil {
		return k.found(q), nil
	}
	return append([]domain.Chunk(nil), k.chunks...), nil
}

// fakeLLM answers with text (streamed word by word when asked) or fails
// with err, and records the completions.
type fakeLLM struct {
	mu    sync.Mutex
	text  string
	err   error
	calls []domain.Completion
	// answers, when not empty, answer the next calls in turn (then text).
	answers []string
}

func (l *fakeLLM) Complete(_ context.Context, c domain.Completion, onDelta func(string) error) (domain.Answer, error) {
	l.mu.Lock()
	l.calls = append(l.calls, c)
	text, err := l.text, l.err
	if len(l.answers) > 0 {
		text, l.answers = l.answers[0], l.answers[1:]
	}
	l.mu.Unlock()
	if onDelta != nil {
		if err := onDelta(text[:len(text)/2]); err != nil {
			return domain.Answer{}, err
		}
	}
	if err != nil {
		return domain.Answer{}, err
	}
	if onDelta != nil {
		if err := onDelta(text[len(text)/2:]); err != nil {
			return domain.Answer{}, err
		}
	}
	return domain.Answer{Text: text, Model: "fake-1", Provider: "fake", Usage: domain.Usage{PromptTokens: 10, CompletionTokens: 5, TotalTokens: 15}}, nil
}

func (l *fakeLLM) last(t *testing.T) domain.Completion {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.calls) == 0 {
		t.Fatal("the llm was not called")
	}
	return l.calls[len(l.calls)-1]
}

type harness struct {
	svc       *domain.Service
	knowledge *fakeKnowledge
	llm       *fakeLLM
	convs     *store.Conversations
	deps      domain.Deps
}

const (
	companyA = "6650000000000000000000a1"
	companyB = "6650000000000000000000b2"
)

func newHarness(t *testing.T) *harness {
	t.Helper()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.NewTextHandler(io.Discard, nil)), store.Migrations); err != nil {
		t.Fatal(err)
	}
	h := &harness{knowledge: &fakeKnowledge{}, llm: &fakeLLM{text: "Boots come back within 60 days [1]."}, convs: store.NewConversations(db)}
	h.deps = domain.Deps{
		Agents: store.NewAgents(db), Conversations: h.convs, Retriever: h.knowledge, LLM: h.llm,
		Companies: func(context.Context, string) (bool, error) { return true, nil },
		Log:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	h.svc = h.replica(t, h.deps)
	return h
}

// replica is another service on deps (by default the harness's: the same
// database and fakes), as a second replica would be.
func (h *harness) replica(t *testing.T, deps domain.Deps) *domain.Service {
	t.Helper()
	svc, err := domain.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func user(role, company string) principal.Principal {
	return principal.Principal{UserID: bson.NewObjectID().Hex(), CompanyID: company, Role: role}
}

func (h *harness) agent(t *testing.T, p principal.Principal) domain.Agent {
	t.Helper()
	a, err := h.svc.Create(t.Context(), p, domain.CreateInput{Name: "Trail Voice", Persona: &domain.Persona{Voice: "warm"}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func isKind(err, kind error) bool { return errors.Is(err, kind) }
