package domain

import (
	"context"
	"slices"

	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// maxCheck is the most ids one CheckAgents call may name.
const maxCheck = 100

// CheckAgents answers which of agentIDs are not live agents of one
// company: the caller's, or the one a superadmin names (required for
// one). The tickets and campaigns services call it to validate agent
// references; it reads only this service's database and calls no other
// service, so there is no call cycle. Malformed ids count as missing.
func (s *Service) CheckAgents(ctx context.Context, p principal.Principal, company string, agentIDs []string) ([]string, error) {
	if len(agentIDs) > maxCheck {
		return nil, fieldError("ids", "too_long", "at most 100 ids")
	}
	if p.IsSuperadmin() {
		if company == "" {
			return nil, fieldError("company_id", "missing", "a superadmin names the company")
		}
	} else {
		sc, err := readScope(p, company)
		if err != nil {
			return nil, err
		}
		company = sc.CompanyID
	}
	var canon []string
	for _, id := range agentIDs {
		if c, err := ids.Parse(id); err == nil {
			canon = append(canon, c)
		}
	}
	live := []string{}
	if len(canon) > 0 {
		var err error
		if live, err = s.agents.LiveIDs(ctx, company, canon); err != nil {
			return nil, err
		}
	}
	var missing []string
	for _, id := range agentIDs {
		c, err := ids.Parse(id)
		if err != nil || !slices.Contains(live, c) {
			missing = append(missing, id)
		}
	}
	return missing, nil
}
