package transport_test

import (
	"testing"

	"google.golang.org/grpc"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	"github.com/copydesk/copydesk/services/agents/internal/transport"
)

// Every method of the services has roles, and no client may call any.
func TestPolicyListsEveryMethod(t *testing.T) {
	t.Parallel()
	roles := transport.Policy().Roles
	for _, sd := range []struct {
		name    string
		methods []string
	}{
		{agentsv1.AgentService_ServiceDesc.ServiceName, names(agentsv1.AgentService_ServiceDesc.Methods, nil)},
		{agentsv1.ChatService_ServiceDesc.ServiceName, names(agentsv1.ChatService_ServiceDesc.Methods, agentsv1.ChatService_ServiceDesc.Streams)},
		{agentsv1.DraftService_ServiceDesc.ServiceName, names(agentsv1.DraftService_ServiceDesc.Methods, nil)},
		{agentsv1.IntegrationService_ServiceDesc.ServiceName, names(agentsv1.IntegrationService_ServiceDesc.Methods, nil)},
		{agentsv1.PlanService_ServiceDesc.ServiceName, names(agentsv1.PlanService_ServiceDesc.Methods, nil)},
	} {
		for _, m := range sd.methods {
			full := "/" + sd.name + "/" + m
			rs, ok := roles[full]
			if !ok || len(rs) == 0 {
				t.Errorf("%s has no roles", full)
			}
			for _, r := range rs {
				if r == "client" {
					t.Errorf("%s admits clients", full)
				}
			}
		}
	}
}

func names(ms []grpc.MethodDesc, ss []grpc.StreamDesc) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.MethodName)
	}
	for _, s := range ss {
		out = append(out, s.StreamName)
	}
	return out
}

// Connections are company admins' (and superadmins'); publishing through
// one is open to managers, who never see its secret.
func TestIntegrationsAreForAdmins(t *testing.T) {
	t.Parallel()
	roles := transport.Policy().Roles
	for _, m := range agentsv1.IntegrationService_ServiceDesc.Methods {
		full := "/" + agentsv1.IntegrationService_ServiceDesc.ServiceName + "/" + m.MethodName
		for _, r := range roles[full] {
			ok := r == "superadmin" || r == "company_admin" || (m.MethodName == "PublishPost" && r == "content_manager")
			if !ok {
				t.Errorf("%s admits %s", full, r)
			}
		}
	}
}
