package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// CountTickets counts a campaign's tickets by status and overdue. A
// service caller names the company; a user counts in its own company
// (a superadmin may name one).
func (s *Service) CountTickets(ctx context.Context, p principal.Principal, companyID, campaignID string) (Counts, error) {
	var v errs.Validator
	v.Check(campaignID != "", "campaign_id", "missing", "campaign_id is required")
	company := p.CompanyID
	if p.IsService() || (p.IsSuperadmin() && companyID != "") {
		company = companyID
	}
	v.Check(company != "", "company_id", "missing", "company_id is required")
	if err := v.Err(); err != nil {
		return Counts{}, err
	}
	if p.Role == principal.RoleClient {
		return Counts{}, errs.ErrPermissionDenied
	}
	return s.tickets.CountByCampaign(ctx, company, campaignID, s.now(), doneStatuses)
}
