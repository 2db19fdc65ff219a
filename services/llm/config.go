package main

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

// Config is the llm service's configuration (see README.md for every
// variable).
type Config struct {
	service.Common
	providers    []string
	openai       provider.OpenAIConfig
	anthropic    provider.AnthropicConfig
	offlineDelay time.Duration
	domain       domain.Config
}

// LoadConfig reads every setting and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	s := Config{
		Common: service.ReadCommon(r, "127.0.0.1:9007", "copydesk_llm"),
		openai: provider.OpenAIConfig{
			APIKey: r.String("OPENAI_API_KEY", ""), BaseURL: r.String("OPENAI_BASE_URL", ""),
			Model: r.String("OPENAI_MODEL", "gpt-4o-mini"), EmbedModel: r.String("OPENAI_EMBED_MODEL", "text-embedding-3-small"),
		},
		anthropic: provider.AnthropicConfig{
			APIKey: r.String("ANTHROPIC_API_KEY", ""), BaseURL: r.String("ANTHROPIC_BASE_URL", ""),
			Model: r.String("ANTHROPIC_MODEL", "claude-3-5-haiku-latest"),
		},
		offlineDelay: time.Duration(r.Int("LLM_OFFLINE_TOKEN_DELAY_MS", 0, 0, 10_000)) * time.Millisecond,
	}
	var def []string
	if s.openai.APIKey != "" {
		def = append(def, llm.OpenAI)
	}
	if s.anthropic.APIKey != "" {
		def = append(def, llm.Anthropic)
	}
	if len(def) == 0 {
		def = []string{llm.Offline}
	}
	s.providers = r.List("LLM_PROVIDERS", def)
	for _, p := range s.providers {
		r.Check(p == llm.OpenAI || p == llm.Anthropic || p == llm.Offline, "LLM_PROVIDERS: unknown provider %q", p)
		r.Check(p != llm.OpenAI || s.openai.APIKey != "", "LLM_PROVIDERS lists openai but OPENAI_API_KEY is not set")
		r.Check(p != llm.Anthropic || s.anthropic.APIKey != "", "LLM_PROVIDERS lists anthropic but ANTHROPIC_API_KEY is not set")
	}
	prices := domain.DefaultPrices()
	if raw := r.String("LLM_PRICES", ""); raw != "" {
		prices = domain.Prices{}
		r.Check(json.Unmarshal([]byte(raw), &prices) == nil,
			`LLM_PRICES must be JSON like {"gpt-4o-mini":{"prompt":0.15,"completion":0.6}} (USD per million tokens)`)
	}
	s.domain = domain.Config{
		MaxAttempts:      r.Int("LLM_MAX_ATTEMPTS", 3, 1, 3),
		CallTimeout:      r.Duration("LLM_CALL_TIMEOUT", 60*time.Second),
		BackoffBase:      r.Duration("LLM_BACKOFF_BASE", 250*time.Millisecond),
		MaxRetryWait:     r.Duration("LLM_MAX_RETRY_WAIT", 10*time.Second),
		BreakerFailures:  r.Int("LLM_BREAKER_FAILURES", 5, 1, 1000),
		BreakerCooldown:  r.Duration("LLM_BREAKER_COOLDOWN", 30*time.Second),
		MaxPromptChars:   r.Int("LLM_MAX_PROMPT_CHARS", 32_000, 1, 2_000_000),
		MaxTokens:        r.Int("LLM_MAX_TOKENS", 4096, 1, 200_000),
		DefaultMaxTokens: r.Int("LLM_DEFAULT_MAX_TOKENS", 1024, 1, 200_000),
		MaxEmbedTexts:    r.Int("LLM_MAX_EMBED_TEXTS", 256, 1, 2048),
		Models:           r.List("LLM_MODELS", nil),
		Prices:           prices,
		EmbedProvider:    r.String("LLM_EMBED_PROVIDER", ""),
		// the platform's ceilings: no company goes above them unless a
		// superadmin says so (domain/ceiling.go); never unlimited
		DefaultMonthlyBudgetMicros: int64(r.Int("LLM_DEFAULT_MONTHLY_BUDGET_MICROS", 20_000_000, 1, 1<<53)),
		DefaultRequestsPerMinute:   r.Int("LLM_DEFAULT_RPM", 120, 1, domain.MaxRequestsPerMinute),
	}
	// the models a company may call until a superadmin says otherwise: the
	// configured providers' default (cheap) models
	var cheap []string
	for _, p := range s.providers {
		cheap = append(cheap, defaultModels(s, p)...)
	}
	s.domain.DefaultCompanyModels = r.List("LLM_DEFAULT_COMPANY_MODELS", cheap)
	// Every model the service may answer with must be allowed and priced.
	models := s.domain.Models
	for _, p := range s.providers {
		for _, m := range defaultModels(s, p) {
			r.Check(len(models) == 0 || contains(models, m), "LLM_MODELS must include %s's default model %q", p, m)
			r.Check(prices.Has(m), "LLM_PRICES has no price for %q (add it or a \"*\" entry)", m)
		}
	}
	for _, m := range models {
		r.Check(prices.Has(m), "LLM_PRICES has no price for allowed model %q (add it or a \"*\" entry)", m)
	}
	for _, m := range s.domain.DefaultCompanyModels {
		r.Check(prices.Has(m) && (len(models) == 0 || contains(models, m)),
			"LLM_DEFAULT_COMPANY_MODELS lists %q, which LLM_MODELS and LLM_PRICES do not allow", m)
	}
	if e := s.domain.EmbedProvider; e != "" {
		r.Check(contains(s.providers, e) && e != llm.Anthropic, "LLM_EMBED_PROVIDER must be a configured provider that embeds (openai or offline)")
	}
	return s, r.Err()
}

func defaultModels(s Config, p string) []string {
	switch p {
	case llm.OpenAI:
		return []string{s.openai.Model, s.openai.EmbedModel}
	case llm.Anthropic:
		return []string{s.anthropic.Model}
	default:
		return []string{provider.OfflineModel, provider.OfflineEmbedModel}
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// Providers builds the configured providers in failover order, and a func
// that closes them.
func (c Config) Providers() ([]llm.Provider, func()) {
	var out []llm.Provider
	var closers []func()
	for _, name := range c.providers {
		switch name {
		case llm.OpenAI:
			p := provider.NewOpenAI(c.openai)
			out, closers = append(out, p), append(closers, p.Close)
		case llm.Anthropic:
			p := provider.NewAnthropic(c.anthropic)
			out, closers = append(out, p), append(closers, p.Close)
		case llm.Offline:
			out = append(out, provider.Offline{TokenDelay: c.offlineDelay})
		}
	}
	return out, func() {
		for _, f := range closers {
			f()
		}
	}
}
