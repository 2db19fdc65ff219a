package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
)

// AgentChecker says which agent ids are no live agent of a company: the
// agents service's CheckAgents, called with the caller's identity. Agents
// never calls back into tickets for it (no call cycle).
type AgentChecker interface {
	MissingAgents(ctx context.Context, company string, ids []string) ([]string, error)
}

// checkAgent is a 422 on agent_id when id (set) is no agent of company.
func (s *Service) checkAgent(ctx context.Context, company, id string) error {
	if id == "" {
		return nil
	}
	missing, err := s.agentCheck.MissingAgents(ctx, company, []string{id})
	if err != nil {
		return err
	}
	var v errs.Validator
	v.Check(len(missing) == 0, "agent_id", "not_found", "agent_id is no agent of the ticket's company")
	return v.Err()
}
