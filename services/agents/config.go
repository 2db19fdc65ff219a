package main

import (
	"time"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
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

	// Secrets seal the integrations' secrets (SECRETS_KEY, pkg/secretbox).
	Secrets          *secretbox.Keyring
	ShopifyVersion   string
	ShopifyURL       string // tests: a fake shop instead of https://<shop>
	SyncPoll         time.Duration
	SyncLease        time.Duration
	SyncPageSize     int
	OutboundTimeout  time.Duration
	OutboundMaxBytes int
	AllowLoopback    bool
	PlanMaxTokens    int
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

		Secrets:          secretbox.Read(r),
		ShopifyVersion:   r.String("SHOPIFY_API_VERSION", integrations.DefaultShopifyVersion),
		ShopifyURL:       r.String("SHOPIFY_API_URL", ""),
		SyncPoll:         r.Duration("INTEGRATIONS_SYNC_POLL", 5*time.Second),
		SyncLease:        r.Duration("INTEGRATIONS_SYNC_LEASE", 2*time.Minute),
		SyncPageSize:     r.Int("INTEGRATIONS_SYNC_PAGE_SIZE", 50, 1, 250),
		OutboundTimeout:  r.Duration("INTEGRATIONS_TIMEOUT", 30*time.Second),
		OutboundMaxBytes: r.Int("INTEGRATIONS_MAX_RESPONSE_BYTES", 8<<20, 1<<10, 64<<20),
		AllowLoopback:    r.Bool("INTEGRATIONS_ALLOW_LOOPBACK", false),
		PlanMaxTokens:    r.Int("AGENTS_PLAN_MAX_TOKENS", 4096, 256, 200_000),
	}
	r.Check(c.SyncLease > 2*c.OutboundTimeout, "INTEGRATIONS_SYNC_LEASE must be more than twice INTEGRATIONS_TIMEOUT")
	r.Check(c.LLMTimeout >= time.Second, "AGENTS_LLM_TIMEOUT must be at least 1s")
	return c, r.Err()
}

// Settings are the domain's settings.
func (c Config) Settings() domain.Settings {
	return domain.Settings{HistoryTokens: c.HistoryTokens, HistoryMessages: c.HistoryMessages, PlanMaxTokens: c.PlanMaxTokens}
}

// IntegrationSettings are the integrations' settings.
func (c Config) IntegrationSettings() integrations.Settings {
	return integrations.Settings{ShopifyVersion: c.ShopifyVersion, SyncLease: c.SyncLease, PageSize: c.SyncPageSize, AllowLoopback: c.AllowLoopback}
}
