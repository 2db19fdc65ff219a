package domain_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/memstore"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

func testConfig() domain.Config {
	return domain.Config{
		MaxAttempts: 3, CallTimeout: 5 * time.Second, BackoffBase: 10 * time.Millisecond, MaxRetryWait: 3 * time.Second,
		BreakerFailures: 100, BreakerCooldown: time.Minute,
		MaxPromptChars: 1000, MaxTokens: 256, DefaultMaxTokens: 64, MaxEmbedTexts: 16,
		Prices: domain.DefaultPrices(), DefaultMonthlyBudgetMicros: 1_000_000, DefaultRequestsPerMinute: 1000,
	}
}

const company = "65f000000000000000000001"

var caller = domain.Caller{CompanyID: company, UserID: "u1"}

func openAI(t *testing.T, f *fakellm.Server) *provider.OpenAI {
	p := provider.NewOpenAI(provider.OpenAIConfig{APIKey: "sk-test", BaseURL: f.BaseURL(), Model: "gpt-4o-mini", EmbedModel: "text-embedding-3-small"})
	t.Cleanup(p.Close)
	return p
}

func anthropic(t *testing.T, f *fakellm.Server) *provider.Anthropic {
	p := provider.NewAnthropic(provider.AnthropicConfig{APIKey: "sk-ant-test", BaseURL: f.BaseURL(), Model: "claude-3-5-haiku-latest"})
	t.Cleanup(p.Close)
	return p
}

func fake(t *testing.T, start func(...string) *fakellm.Server, tokens ...string) *fakellm.Server {
	f := start(tokens...)
	t.Cleanup(f.Close)
	return f
}

// newService builds the service on an in-memory store. Unless cfg has its
// own Sleep, the waits between attempts return at once (see waits).
func newService(t *testing.T, cfg domain.Config, ps ...llm.Provider) (*domain.Service, *memstore.Store) {
	t.Helper()
	if cfg.Sleep == nil {
		cfg.Sleep = (&waits{}).sleep
	}
	st := memstore.New()
	svc, err := domain.New(domain.Deps{Config: cfg, Providers: ps, Store: st, Log: discard()})
	if err != nil {
		t.Fatal(err)
	}
	return svc, st
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// waits is a Config.Sleep that records the waits the router asks for and
// returns at once.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// fixedClock is a Config.Now that stands still until advanced.
type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fixedClock { return &fixedClock{now: time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)} }

func (c *fixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fixedClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
