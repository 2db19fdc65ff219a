// Command llm is the Copydesk LLM service: the one place that holds model
// provider keys, meters every call per company and enforces budgets (see
// README.md).
package main

import (
	"context"
	"time"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/store"
	"github.com/copydesk/copydesk/services/llm/internal/transport"
)

// purgeInterval is how often expired rate counters are deleted (FerretDB
// has no TTL indexes).
const purgeInterval = 5 * time.Minute

func main() { service.Main(spec) }

var spec = service.Spec[Config]{
	Name: llmv1.LLMService_ServiceDesc.ServiceName, Load: LoadConfig,
	Migrations: store.Migrations, Policy: transport.Policy(), Wire: wire,
}

func wire(_ context.Context, env *service.Env, c Config) error {
	st := store.New(env.DB)
	providers, closeProviders := c.Providers()
	env.Cleanup(closeProviders)
	env.OnReload(reloadKeys(providers)) // SIGHUP: rotated provider keys
	svc, err := domain.New(domain.Deps{
		Config:    c.domain,
		Providers: providers,
		Store:     st,
		Log:       env.Log,
	})
	if err != nil {
		return err
	}
	env.Cleanup(svc.Drain) // after the server stopped, before Mongo closes
	env.Log.Info("llm providers", "failover_order", c.providers)
	env.Every("purge rate counters", purgeInterval, func(ctx context.Context) error {
		_, err := st.PurgeCounters(ctx, time.Now().UTC())
		return err
	})
	llmv1.RegisterLLMServiceServer(env.Server, transport.New(svc))
	return nil
}
