package main

import (
	"context"
	"fmt"
	"time"

	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
	"github.com/copydesk/copydesk/services/agents/internal/shopify"
	"github.com/copydesk/copydesk/services/agents/internal/store"
	"github.com/copydesk/copydesk/services/agents/internal/transport"
	"github.com/copydesk/copydesk/services/agents/internal/wordpress"
)

// resealTimeout bounds the start-up re-seal of integration secrets.
const resealTimeout = time.Minute

// wireIntegrations builds the Shopify and WordPress connections, their
// clients behind one outbound guard, and the sync worker every replica
// runs (jobs advance under leases, so replicas share the work safely).
func wireIntegrations(env *service.Env, c Config, knowledge knowledgev1.KnowledgeServiceClient, companies tenancy.CompanyLookup) (*integrations.Service, error) {
	if c.AllowLoopback {
		env.Log.Warn("INTEGRATIONS_ALLOW_LOOPBACK is on: integrations may reach loopback addresses (tests only)")
	}
	guard := &netguard.Guard{AllowLoopback: c.AllowLoopback}
	client := guard.NewClient(netguard.Limits{Timeout: c.OutboundTimeout, MaxBody: int64(c.OutboundMaxBytes)})
	conns := store.NewIntegrations(env.DB, c.Secrets)
	// Secrets an older SECRETS_KEY sealed are sealed again with the
	// current one (rotation), as the tickets service does for webhooks.
	ctx, cancel := context.WithTimeout(context.Background(), resealTimeout)
	n, failed, err := conns.Reseal(ctx)
	cancel()
	if err != nil || failed > 0 {
		env.Log.Error("re-sealing integration secrets", "error", fmt.Sprint(err), "sealed", n, "unopenable", failed)
	} else if n > 0 {
		env.Log.Info("integration secrets sealed with the current key", "sealed", n)
	}
	svc, err := integrations.New(integrations.Deps{
		Store: conns, Jobs: store.NewSyncJobs(env.DB),
		Shopify: &shopify.Client{HTTP: client, BaseURL: c.ShopifyURL}, WordPress: &wordpress.Client{HTTP: client},
		Knowledge: transport.KnowledgeWriter{Client: knowledge}, Guard: guard,
		Companies: companies, Settings: c.IntegrationSettings(), Log: env.Log,
	})
	if err != nil {
		return nil, err
	}
	env.Every("integrations sync", c.SyncPoll, svc.Tick)
	return svc, nil
}
