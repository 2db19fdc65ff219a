package transport

import (
	"context"
	"fmt"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
)

// AgentChecker is the domain's AgentChecker: the agents service's
// CheckAgents with the caller's identity and the campaign's company named.
type AgentChecker struct{ Client agentsv1.AgentServiceClient }

// MissingAgents implements domain.AgentChecker.
func (a AgentChecker) MissingAgents(ctx context.Context, company string, ids []string) ([]string, error) {
	r, err := a.Client.CheckAgents(ctx, &agentsv1.CheckAgentsRequest{Ids: ids, CompanyId: company})
	if err != nil {
		return nil, fmt.Errorf("check agents: %w", err)
	}
	return r.GetMissing(), nil
}
