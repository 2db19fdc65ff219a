// Command agents serves copydesk.agents.v1: a company's AI writing agents
// (personas with numbered versions, model settings, knowledge scope) and
// chat with them — grounded in the knowledge service's search, written by
// the llm service, both called with the caller's identity. See README.md.
package main

import (
	"context"
	"time"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/directory"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
	"github.com/copydesk/copydesk/services/agents/internal/store"
	"github.com/copydesk/copydesk/services/agents/internal/transport"
)

func main() { service.Main(spec) }

var spec = service.Spec[Config]{
	Name: agentsv1.AgentService_ServiceDesc.ServiceName, Load: LoadConfig,
	Migrations: store.Migrations, Policy: transport.Policy(), Wire: wire,
}

func wire(_ context.Context, env *service.Env, c Config) error {
	users, err := env.Dial(c.UsersAddr)
	if err != nil {
		return err
	}
	knowledge, err := env.Dial(c.KnowledgeAddr)
	if err != nil {
		return err
	}
	tickets, err := env.Dial(c.TicketsAddr)
	if err != nil {
		return err
	}
	campaigns, err := env.Dial(c.CampaignsAddr)
	if err != nil {
		return err
	}
	llm, err := env.DialTimeout(c.LLMAddr, c.LLMTimeout)
	if err != nil {
		return err
	}
	companies := transport.CompanyLookup(directory.New(usersv1.NewDirectoryServiceClient(users)))
	agents := store.NewAgents(env.DB)
	env.Every("version claim purge", time.Hour, func(ctx context.Context) error {
		return agents.PurgeVersionClaims(ctx, time.Now().Add(-24*time.Hour)) // a claim matters for 30 s
	})
	svc, err := domain.New(domain.Deps{
		Agents: agents, Conversations: store.NewConversations(env.DB),
		Retriever: transport.Knowledge{Client: knowledgev1.NewKnowledgeServiceClient(knowledge)},
		LLM:       transport.LLM{Client: llmv1.NewLLMServiceClient(llm)},
		Companies: companies, Settings: c.Settings(), Log: env.Log,
	})
	if err != nil {
		return err
	}
	agentsv1.RegisterAgentServiceServer(env.Server, transport.NewAgentServer(svc))
	agentsv1.RegisterChatServiceServer(env.Server, transport.NewChatServer(svc))
	integ, err := wireIntegrations(env, c, knowledgev1.NewKnowledgeServiceClient(knowledge), tenancy.CompanyLookup(companies))
	if err != nil {
		return err
	}
	agentsv1.RegisterIntegrationServiceServer(env.Server, transport.NewIntegrationServer(integ))
	agentsv1.RegisterDraftServiceServer(env.Server, transport.NewDraftServer(svc,
		transport.Tickets{Tickets: ticketsv1.NewTicketServiceClient(tickets), Drafts: ticketsv1.NewTicketDraftServiceClient(tickets)},
		transport.Campaigns{Client: campaignsv1.NewCampaignServiceClient(campaigns)}))
	agentsv1.RegisterPlanServiceServer(env.Server, transport.NewPlanServer(svc))
	return nil
}
