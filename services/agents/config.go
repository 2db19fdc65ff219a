package main

import (
	"time"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// Config is the agents service's configuration (see README.md).
type Config struct {
	service.Common
	UsersAddr     string
	KnowledgeAddr string
	LLMAddr       string
	TicketsAddr   string
	CampaignsAddr string

	LLMTimeout      time.Duration
	HistoryTokens   int
	HistoryMessages int
	PlanMaxTokens   int
}

// LoadConfig reads every setting and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	c := Config{
		Common:        service.ReadCommon(r, "127.0.0.1:9003", "copydesk_agents"),
		UsersAddr:     r.String("USERS_ADDR", "127.0.0.1:9002"),
		KnowledgeAddr: r.String("KNOWLEDGE_ADDR", "127.0.0.1:9006"),
		LLMAddr:       r.String("LLM_ADDR", "127.0.0.1:9007"),
		TicketsAddr:   r.String("TICKETS_ADDR", "127.0.0.1:9004"),
		CampaignsAddr: r.String("CAMPAIGNS_ADDR", "127.0.0.1:9005"),

		LLMTimeout:      r.Duration("AGENTS_LLM_TIMEOUT", 200*time.Second),
		HistoryTokens:   r.Int("AGENTS_HISTORY_TOKENS", 3000, 0, 100_000),
		HistoryMessages: r.Int("AGENTS_HISTORY_MESSAGES", 50, 1, 1000),
		PlanMaxTokens:   r.Int("AGENTS_PLAN_MAX_TOKENS", 4096, 256, 200_000),
	}
	r.Check(c.LLMTimeout >= time.Second, "AGENTS_LLM_TIMEOUT must be at least 1s")
	return c, r.Err()
}

// Settings are the domain's settings.
func (c Config) Settings() domain.Settings {
	return domain.Settings{HistoryTokens: c.HistoryTokens, HistoryMessages: c.HistoryMessages, PlanMaxTokens: c.PlanMaxTokens}
}
