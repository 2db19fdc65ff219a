// Command campaigns serves copydesk.campaigns.v1: a company's campaigns,
// their workflow and history, the progress summary (ticket counts from the
// tickets service over gRPC) and the scheduler that starts and completes
// campaigns on time, safely with several replicas. See README.md.
package main

import (
	"context"
	"time"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/directory"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
	"github.com/copydesk/copydesk/services/campaigns/internal/scheduler"
	"github.com/copydesk/copydesk/services/campaigns/internal/store"
	"github.com/copydesk/copydesk/services/campaigns/internal/transport"
)

func main() { service.Main(spec) }

var spec = service.Spec[Config]{
	Name: campaignsv1.CampaignService_ServiceDesc.ServiceName, Load: LoadConfig,
	Migrations: store.Migrations, Policy: transport.Policy(), Wire: wire,
}

func wire(_ context.Context, env *service.Env, c Config) error {
	users, err := env.Dial(c.UsersAddr)
	if err != nil {
		return err
	}
	tickets, err := env.Dial(c.TicketsAddr)
	if err != nil {
		return err
	}
	agents, err := env.Dial(c.AgentsAddr)
	if err != nil {
		return err
	}
	svc, err := domain.New(domain.Deps{
		Campaigns: store.NewCampaigns(env.DB),
		History:   store.NewHistory(env.DB),
		Directory: directory.NewLookup(usersv1.NewDirectoryServiceClient(users)),
		Tickets:   transport.NewTicketCounter(ticketsv1.NewTicketStatsServiceClient(tickets)),
		Agents:    transport.AgentChecker{Client: agentsv1.NewAgentServiceClient(agents)},
		Log:       env.Log,
	})
	if err != nil {
		return err
	}
	// History of changes whose request died before relaying it
	// (domain/history.go); 5 s keeps it off the requests' own relays.
	env.Every("relay pending campaign history", 5*time.Second, svc.RelayJob(5*time.Second))
	if c.SchedulerEnabled {
		env.Go(scheduler.New(svc, store.NewLeases(env.DB), c.SchedulerInterval, env.Log).Run)
	}
	campaignsv1.RegisterCampaignServiceServer(env.Server, transport.NewCampaignServer(svc))
	planner, err := env.DialTimeout(c.AgentsAddr, c.PlanTimeout)
	if err != nil {
		return err
	}
	plans, err := domain.NewPlans(svc, domain.PlanDeps{Plans: store.NewPlans(env.DB),
		Planner: transport.Planner{Client: agentsv1.NewPlanServiceClient(planner)},
		Tickets: transport.TicketMaker{Client: ticketsv1.NewTicketServiceClient(tickets)}})
	if err != nil {
		return err
	}
	campaignsv1.RegisterCampaignPlanServiceServer(env.Server, transport.NewPlanServer(plans))
	return nil
}
