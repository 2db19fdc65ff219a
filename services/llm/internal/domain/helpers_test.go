package domain_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/fakeapi"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/memstore"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

func testConfig() domain.Config {
	return domain.Config{
		MaxAttempts: 3, CallTimeout: 5 * time.Second, BackoffBase: 10 * time.Millisecond, MaxRetryWait: 3 * time.Second,
		BreakerFailures: 100, BreakerCooldown: time.Minute,
		MaxPromptChars: 1000, MaxTokens: 256, DefaultMaxTokens: 64, MaxEmbedTexts: 16,
		Prices: domain.DefaultPrices(),
	}
}

const company = "65f000000000000000000001"

var caller = domain.Caller{CompanyID: company, UserID: "u1"}

func openAI(t *testing.T, f *fakeapi.Server) *provider.OpenAI {
	p := provider.NewOpenAI(provider.OpenAIConfig{APIKey: "sk-test", BaseURL: f.BaseURL(), Model: "gpt-4o-mini", EmbedModel: "text-embedding-3-small"})
	t.Cleanup(p.Close)
	return p
}

func anthropic(t *testing.T, f *fakeapi.Server) *provider.Anthropic {
	p := provider.NewAnthropic(provider.AnthropicConfig{APIKey: "sk-ant-test", BaseURL: f.URL, Model: "claude-3-5-haiku-latest"})
	t.Cleanup(p.Close)
	return p
}

func fake(t *testing.T, start func(...string) *fakeapi.Server, tokens ...string) *fakeapi.Server {
	f := start(tokens...)
	t.Cleanup(f.Close)
	return f
}

func newService(t *testing.T, cfg domain.Config, ps ...llm.Provider) (*domain.Service, *memstore.Store) {
	t.Helper()
	st := memstore.New()
	svc, err := domain.New(domain.Deps{Config: cfg, Providers: ps, Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return svc, st
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, d time.Duration, cond func() bool, msg string) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
