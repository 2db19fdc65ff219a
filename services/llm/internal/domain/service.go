package domain

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// Config holds the service's caps, limits and robustness settings.
type Config struct {
	// MaxAttempts bounds upstream calls per request, across retries and
	// failover (at most 3).
	MaxAttempts int
	// CallTimeout is the deadline of each upstream call.
	CallTimeout time.Duration
	// BackoffBase is the first backoff; it doubles per retry, jittered.
	BackoffBase time.Duration
	// MaxRetryWait: a retry that would have to wait longer (e.g. a long
	// Retry-After) is not made.
	MaxRetryWait time.Duration
	// BreakerFailures consecutive failures open a provider's breaker for
	// BreakerCooldown.
	BreakerFailures int
	BreakerCooldown time.Duration

	MaxPromptChars   int // system + messages, in characters
	MaxTokens        int // cap of max_tokens
	DefaultMaxTokens int // max_tokens when the request gives none
	MaxEmbedTexts    int
	// Models is the allowlist; empty allows every priced model.
	Models []string
	Prices Prices
	// EmbedProvider answers Embed requests that name no provider.
	EmbedProvider string

	// The platform's default ceilings (> 0) and model allowlist: they apply
	// to every company a superadmin gave no other (see ceiling.go).
	DefaultMonthlyBudgetMicros int64
	DefaultRequestsPerMinute   int
	DefaultCompanyModels       []string

	// Now is the clock of admission, metering and breakers; nil means
	// time.Now. Sleep waits between attempts and returns ctx's error if
	// ctx ends first; nil means a timer. Tests inject both.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Service is the LLM use cases.
type Service struct {
	cfg       Config
	providers []llm.Provider // failover order
	byName    map[string]llm.Provider
	breakers  map[string]*breaker
	allowed   map[string]bool
	store     Store
	spend     spendCache
	rates     rateView
	budgets   budgetCache
	metering  sync.WaitGroup // usage records written after the answer (Drain)
	log       *slog.Logger
	now       func() time.Time
}

// Deps are the service's outside parts and its settings.
type Deps struct {
	Config    Config
	Providers []llm.Provider // in failover order
	Store     Store
	Log       *slog.Logger
}

// New builds the service.
func New(d Deps) (*Service, error) {
	cfg, providers, store, log := d.Config, d.Providers, d.Store, d.Log
	if len(providers) == 0 {
		return nil, fmt.Errorf("no LLM provider configured")
	}
	if cfg.MaxAttempts < 1 || cfg.MaxAttempts > 3 {
		return nil, fmt.Errorf("max attempts must be 1..3, got %d", cfg.MaxAttempts)
	}
	if cfg.DefaultMonthlyBudgetMicros <= 0 || cfg.DefaultRequestsPerMinute <= 0 {
		return nil, fmt.Errorf("the platform's default LLM ceilings must be > 0 (no company is unlimited)")
	}
	if len(cfg.DefaultCompanyModels) == 0 {
		for _, p := range providers {
			for _, m := range []string{p.DefaultModel(), p.DefaultEmbedModel()} {
				if m != "" {
					cfg.DefaultCompanyModels = append(cfg.DefaultCompanyModels, m)
				}
			}
		}
	}
	if cfg.BreakerFailures < 1 {
		cfg.BreakerFailures = 5
	}
	if cfg.BackoffBase <= 0 {
		cfg.BackoffBase = 200 * time.Millisecond
	}
	if cfg.Prices == nil {
		cfg.Prices = DefaultPrices()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	s := &Service{cfg: cfg, providers: providers, byName: map[string]llm.Provider{},
		breakers: map[string]*breaker{}, allowed: map[string]bool{}, store: store, log: log, now: cfg.Now,
		spend: spendCache{m: map[string]spendEntry{}}}
	for _, p := range providers {
		s.byName[p.Name()] = p
		s.breakers[p.Name()] = newBreaker(cfg.BreakerFailures, cfg.BreakerCooldown, s.now)
	}
	for _, m := range cfg.Models {
		s.allowed[m] = true
	}
	if s.cfg.EmbedProvider == "" {
		for _, p := range providers {
			if p.DefaultEmbedModel() != "" {
				s.cfg.EmbedProvider = p.Name()
				break
			}
		}
	}
	return s, nil
}

// modelAllowed applies the allowlist (or, without one, the price table).
func (s *Service) modelAllowed(m string) bool {
	if len(s.allowed) > 0 {
		return s.allowed[m]
	}
	return s.cfg.Prices.Has(m)
}

// ownerOf names the provider a model belongs to: claude-* is Anthropic,
// offline-* is offline, anything else OpenAI (or an OpenAI-compatible
// server).
func ownerOf(model string) string {
	switch {
	case strings.HasPrefix(model, "claude"):
		return llm.Anthropic
	case strings.HasPrefix(model, "offline"):
		return llm.Offline
	default:
		return llm.OpenAI
	}
}

// ProviderOpen reports whether a provider's breaker is open (for tests
// and metrics).
func (s *Service) ProviderOpen(name string) bool {
	b, ok := s.breakers[name]
	return ok && b.open()
}
