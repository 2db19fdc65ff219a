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

// CampaignChecker says which campaign ids are no live campaign of a
// company: the campaigns service's CheckCampaigns, called with the
// caller's identity. It reads only the campaigns database and calls
// nothing; campaigns calls tickets only for its summary (CountTickets),
// which never calls out — so no request loops (docs/decisions.md).
type CampaignChecker interface {
	MissingCampaigns(ctx context.Context, company string, ids []string) ([]string, error)
}

// checkRef is a 422 on field when id (set) is no live record of company,
// as missing (a checker's method) says.
func checkRef(ctx context.Context, field, what, company, id string, missing func(context.Context, string, []string) ([]string, error)) error {
	if id == "" {
		return nil
	}
	m, err := missing(ctx, company, []string{id})
	if err != nil {
		return err
	}
	var v errs.Validator
	v.Check(len(m) == 0, field, "not_found", "%s is no %s of the ticket's company", field, what)
	return v.Err()
}

// checkRefs checks the agent and campaign a ticket of company is to name
// ("" for one that does not change).
func (s *Service) checkRefs(ctx context.Context, company, agentID, campaignID string) error {
	if err := checkRef(ctx, "agent_id", "agent", company, agentID, s.agentCheck.MissingAgents); err != nil {
		return err
	}
	return checkRef(ctx, "campaign_id", "campaign", company, campaignID, s.campaignCheck.MissingCampaigns)
}
