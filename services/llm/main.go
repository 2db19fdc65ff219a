// Command llm is the Copydesk LLM service: the one place that holds model
// provider keys, meters every call per company and enforces budgets (see
// README.md).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
	"github.com/copydesk/copydesk/services/llm/internal/store"
	"github.com/copydesk/copydesk/services/llm/internal/transport"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "llm:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	cfg, err := readSettings(config.FromEnv())
	if err != nil {
		return err
	}
	log := logging.New(os.Stderr, cfg.LogLevel, "llm")
	tokens, err := authn.New(cfg.JWTSecret, cfg.JWTIssuer, time.Minute)
	if err != nil {
		return err
	}
	db, closeDB, err := service.OpenMongo(ctx, cfg.Common, log, store.Migrations)
	if err != nil {
		return err
	}
	defer closeDB()
	st := store.New(db)

	providers, closeProviders := buildProviders(cfg)
	defer closeProviders()
	svc, err := domain.New(cfg.domain, providers, st, log)
	if err != nil {
		return err
	}
	names := make([]string, len(providers))
	for i, p := range providers {
		names[i] = p.Name()
	}
	log.Info("llm providers", "failover_order", names)

	srv := cfg.Server("llm", log, tokens, transport.Policy())
	llmv1.RegisterLLMServiceServer(srv, transport.New(svc))
	go purgeCounters(ctx, st, log)
	return srv.Serve(ctx)
}

// buildProviders returns the configured providers in failover order.
func buildProviders(cfg settings) ([]llm.Provider, func()) {
	var out []llm.Provider
	var closers []func()
	for _, name := range cfg.providers {
		switch name {
		case llm.OpenAI:
			p := provider.NewOpenAI(cfg.openai)
			out, closers = append(out, p), append(closers, p.Close)
		case llm.Anthropic:
			p := provider.NewAnthropic(cfg.anthropic)
			out, closers = append(out, p), append(closers, p.Close)
		case llm.Offline:
			out = append(out, provider.Offline{TokenDelay: cfg.offlineDelay})
		}
	}
	return out, func() {
		for _, c := range closers {
			c()
		}
	}
}

// purgeCounters deletes expired rate counters every few minutes (FerretDB
// has no TTL indexes).
func purgeCounters(ctx context.Context, st *store.Store, log *slog.Logger) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := st.PurgeCounters(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
				log.Warn("purge rate counters failed", "error", err.Error())
			}
		}
	}
}
