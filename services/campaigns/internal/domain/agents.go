package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
)

// AgentChecker says which agent ids are no live agent of a company: the
// agents service's CheckAgents, called with the caller's identity. Agents
// never calls back into campaigns for it (no call cycle).
type AgentChecker interface {
	MissingAgents(ctx context.Context, company string, ids []string) ([]string, error)
}

// checkAgents is a 422 on agent_ids naming the ids that are no agent of
// company.
func (s *Service) checkAgents(ctx context.Context, company string, agentIDs []string) error {
	if len(agentIDs) == 0 {
		return nil
	}
	missing, err := s.agents.MissingAgents(ctx, company, agentIDs)
	if err != nil {
		return err
	}
	var v errs.Validator
	for _, id := range missing {
		v.Check(false, "agent_ids", "not_found", "agent %q is no agent of the campaign's company", truncate(id, 40))
	}
	return v.Err()
}
