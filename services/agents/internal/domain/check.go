package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// CheckAgents answers which of agentIDs are not live agents of one
// company: the caller's, or the one a superadmin names (required for
// one). The tickets and campaigns services call it to validate agent
// references; it reads only this service's database and calls no other
// service, so there is no call cycle. Malformed ids count as missing.
func (s *Service) CheckAgents(ctx context.Context, p principal.Principal, company string, agentIDs []string) ([]string, error) {
	if !p.IsSuperadmin() {
		if _, err := readScope(p, company); err != nil {
			return nil, err
		}
	}
	return tenancy.MissingRefs(ctx, p, company, agentIDs, s.agents.LiveIDs)
}
