package domain

import (
	"errors"
	"log/slog"
	"time"
)

// Settings are the service's limits (see README.md).
type Settings struct {
	// HistoryTokens is the budget of conversation history in a prompt;
	// the oldest turns are dropped first.
	HistoryTokens int
	// HistoryMessages is the most stored messages read for history.
	HistoryMessages int
	// PlanMaxTokens bounds a content plan's answer.
	PlanMaxTokens int
}

// Deps are the service's collaborators.
type Deps struct {
	Agents        AgentStore
	Conversations ConversationStore
	Retriever     Retriever
	LLM           LLM
	Companies     CompanyLookup
	Settings      Settings
	Log           *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service implements the agents use cases.
type Service struct {
	agents    AgentStore
	convs     ConversationStore
	retriever Retriever
	llm       LLM
	companies CompanyLookup
	cfg       Settings
	log       *slog.Logger
	now       func() time.Time
	seen      seenAgents // retrieval hints (chatagent.go)
}

// New checks deps and returns the service.
func New(d Deps) (*Service, error) {
	if d.Agents == nil || d.Conversations == nil || d.Retriever == nil || d.LLM == nil || d.Companies == nil || d.Log == nil {
		return nil, errors.New("agents domain: missing dependency")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	s := d.Settings
	if s.HistoryTokens <= 0 {
		s.HistoryTokens = 3000
	}
	if s.HistoryMessages <= 0 {
		s.HistoryMessages = 50
	}
	if s.PlanMaxTokens <= 0 {
		s.PlanMaxTokens = 4096
	}
	return &Service{
		agents: d.Agents, convs: d.Conversations, retriever: d.Retriever, llm: d.LLM, companies: d.Companies,
		cfg: s, log: d.Log, now: func() time.Time { return d.Now().UTC().Truncate(time.Millisecond) },
	}, nil
}
