// Command tickets serves the copydesk.tickets.v1 services: tickets and
// their workflow, followers, comments, history, notifications, webhooks,
// and the internal ticket counts. Assignees are checked with the users
// service over gRPC, agent and campaign references with the agents and
// campaigns services; webhook events are delivered from a Mongo outbox by
// background workers (safe with several replicas). See README.md.
package main

import (
	"context"
	"time"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/directory"
	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/outbox"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
	"github.com/copydesk/copydesk/services/tickets/internal/transport"
)

func main() { service.Main(spec) }

var spec = service.Spec[Config]{
	Name: ticketsv1.TicketService_ServiceDesc.ServiceName, Load: LoadConfig,
	Migrations: store.Migrations, Policy: transport.Policy(), Wire: wire,
}

func wire(ctx context.Context, env *service.Env, c Config) error {
	users, err := env.Dial(c.UsersAddr)
	if err != nil {
		return err
	}
	agents, err := env.Dial(c.AgentsAddr)
	if err != nil {
		return err
	}
	campaigns, err := env.Dial(c.CampaignsAddr)
	if err != nil {
		return err
	}
	if c.WebhookAllowLoopback {
		env.Log.Warn("WEBHOOK_ALLOW_LOOPBACK is on: webhooks may target loopback addresses (tests only)")
	}
	guard := &netguard.Guard{AllowLoopback: c.WebhookAllowLoopback}
	hooks := store.NewWebhooks(env.DB, c.Secrets)
	if n, err := hooks.Reseal(ctx); err != nil {
		env.Log.Error("sealing webhook secrets", "error", err.Error(), "sealed", n)
	} else if n > 0 {
		env.Log.Info("webhook secrets sealed with the current key", "sealed", n)
	}
	tickets := store.NewTickets(env.DB)
	svc, err := domain.New(domain.Deps{
		Tickets: tickets, Activity: store.NewActivity(env.DB), Notifications: store.NewNotifications(env.DB),
		Webhooks: hooks, Drafts: store.NewDrafts(env.DB), Agents: transport.AgentChecker{Client: agentsv1.NewAgentServiceClient(agents)},
		Campaigns: transport.CampaignChecker{Client: campaignsv1.NewCampaignServiceClient(campaigns)},
		Directory: directory.NewLookup(usersv1.NewDirectoryServiceClient(users)), URLGuard: guard, Log: env.Log,
		Publisher: transport.Publisher{Client: agentsv1.NewIntegrationServiceClient(agents)}, Locks: tickets,
		WebhooksPerCompany: c.WebhooksPerCompany,
	})
	if err != nil {
		return err
	}
	// Side records of changes whose request died before relaying them
	// (domain/relay.go); 5 s keeps it off the requests' own relays.
	env.Every("relay pending ticket events", 5*time.Second, svc.RelayJob(5*time.Second))
	client := guard.Client(c.WebhookTimeout)
	for _, w := range outbox.NewWorkers(c.WebhookWorkers, hooks, client, c.Outbox(), env.Log) {
		env.Go(w.Run)
	}
	retention := store.NewRetention(env.DB, c.NotificationRetention)
	env.Every("retention purge", time.Hour, func(ctx context.Context) error { _, err := retention.Purge(ctx, time.Now()); return err })
	ticketsv1.RegisterTicketServiceServer(env.Server, transport.NewTicketServer(svc))
	ticketsv1.RegisterTicketActivityServiceServer(env.Server, transport.NewActivityServer(svc))
	ticketsv1.RegisterNotificationServiceServer(env.Server, transport.NewNotificationServer(svc))
	ticketsv1.RegisterTicketDraftServiceServer(env.Server, transport.NewDraftServer(svc))
	ticketsv1.RegisterWebhookServiceServer(env.Server, transport.NewWebhookServer(svc))
	ticketsv1.RegisterTicketStatsServiceServer(env.Server, transport.NewStatsServer(svc))
	ticketsv1.RegisterTicketPublishServiceServer(env.Server, transport.NewPublishServer(svc))
	return wireAttachments(ctx, env, c, svc)
}
