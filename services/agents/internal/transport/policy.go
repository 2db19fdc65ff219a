package transport

import (
	"context"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// Policy lists every method of the agents service with the roles that may
// call it (ARCHITECTURE §3: managers CRUD, writers read and chat, clients
// nothing; integrations: company admins, publishing: managers). The
// company and ownership rules are the domain's.
func Policy() grpcserver.Policy {
	readers, managers, admins := domain.ReaderRoles, domain.ManagerRoles, integrations.AdminRoles
	return grpcserver.Policy{Roles: map[string][]string{
		agentsv1.AgentService_CreateAgent_FullMethodName:             managers,
		agentsv1.AgentService_GetAgent_FullMethodName:                readers,
		agentsv1.AgentService_ListAgents_FullMethodName:              readers,
		agentsv1.AgentService_UpdateAgent_FullMethodName:             managers,
		agentsv1.AgentService_DeleteAgent_FullMethodName:             managers,
		agentsv1.AgentService_ListAgentVersions_FullMethodName:       readers,
		agentsv1.ChatService_Chat_FullMethodName:                     readers,
		agentsv1.ChatService_StreamChat_FullMethodName:               readers,
		agentsv1.ChatService_ListConversations_FullMethodName:        readers,
		agentsv1.ChatService_ListConversationMessages_FullMethodName: readers,
		agentsv1.ChatService_DeleteConversation_FullMethodName:       readers,
		agentsv1.DraftService_DraftTicket_FullMethodName:             readers,
		agentsv1.AgentService_CheckAgents_FullMethodName:             readers,

		agentsv1.IntegrationService_CreateIntegration_FullMethodName: admins,
		agentsv1.IntegrationService_GetIntegration_FullMethodName:    admins,
		agentsv1.IntegrationService_ListIntegrations_FullMethodName:  admins,
		agentsv1.IntegrationService_UpdateIntegration_FullMethodName: admins,
		agentsv1.IntegrationService_DeleteIntegration_FullMethodName: admins,
		agentsv1.IntegrationService_TestIntegration_FullMethodName:   admins,
		agentsv1.IntegrationService_SyncIntegration_FullMethodName:   admins,
		agentsv1.IntegrationService_ListSyncJobs_FullMethodName:      admins,
		agentsv1.IntegrationService_PublishPost_FullMethodName:       integrations.PublishRoles,
		agentsv1.PlanService_ProposePlan_FullMethodName:              managers,
	}}
}

// caller is the verified principal of the request.
func caller(ctx context.Context) (principal.Principal, error) {
	p, ok := principal.From(ctx)
	if !ok {
		return principal.Principal{}, errs.ErrUnauthenticated
	}
	return p, nil
}

// callerAndID is caller plus the request's path id in canonical form (a
// malformed one is a 400 before the domain runs).
func callerAndID(ctx context.Context, rawID string) (principal.Principal, string, error) {
	p, err := caller(ctx)
	if err != nil {
		return p, "", err
	}
	id, err := ids.Parse(rawID)
	return p, id, err
}
