package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/principal"
)

// GetPlan reads a plan of a campaign p may read (writers included).
func (s *Plans) GetPlan(ctx context.Context, p principal.Principal, campaignID, planID string) (Plan, error) {
	c, _, err := s.get(ctx, p, campaignID)
	if err != nil {
		return Plan{}, err
	}
	return s.plans.GetPlan(ctx, planScope(c), c.ID, planID)
}

// ListPlans lists a campaign's plans, filtered by status (listing.EnumFilter).
func (s *Plans) ListPlans(ctx context.Context, p principal.Principal, campaignID string, statuses []string, pg Page) ([]Plan, int64, error) {
	var v errs.Validator
	statuses = listing.EnumFilter(&v, "status", statuses, PlanStatuses)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	c, _, err := s.get(ctx, p, campaignID)
	if err != nil {
		return nil, 0, err
	}
	return s.plans.ListPlans(ctx, planScope(c), c.ID, statuses, pg)
}
