package tenancy

import (
	"context"
	"slices"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// MaxRefCheck is the most ids one reference check (CheckAgents,
// CheckCampaigns) may name.
const MaxRefCheck = 100

// LiveIDs returns which of the canonical ids are live (not deleted)
// records of company; it is a store's query.
type LiveIDs func(ctx context.Context, company string, ids []string) ([]string, error)

// MissingRefs answers which of raw are no live record of one company: the
// caller's own, or the one a superadmin names (required for one; a
// non-superadmin naming another company gets errs.ErrNotFound). Malformed
// ids count as missing; the answer keeps the request's order. It backs
// the services' reference checks (agents' CheckAgents, campaigns'
// CheckCampaigns), which read only their own database and call no other
// service, so a check never loops back to its caller.
func MissingRefs(ctx context.Context, p principal.Principal, company string, raw []string, live LiveIDs) ([]string, error) {
	if len(raw) > MaxRefCheck {
		return nil, fieldError("ids", "too_long", "at most 100 ids")
	}
	if p.IsSuperadmin() {
		if company == "" {
			return nil, fieldError("company_id", "missing", "a superadmin names the company")
		}
	} else {
		sc, err := ScopeOf(p)
		if err != nil {
			return nil, err
		}
		if company != "" && company != sc.CompanyID {
			return nil, errs.ErrNotFound
		}
		company = sc.CompanyID
	}
	var canon []string
	for _, id := range raw {
		if c, err := ids.Parse(id); err == nil {
			canon = append(canon, c)
		}
	}
	found := []string{}
	if len(canon) > 0 {
		var err error
		if found, err = live(ctx, company, canon); err != nil {
			return nil, err
		}
	}
	var missing []string
	for _, id := range raw {
		c, err := ids.Parse(id)
		if err != nil || !slices.Contains(found, c) {
			missing = append(missing, id)
		}
	}
	return missing, nil
}

func fieldError(field, typ, msg string) error {
	var v errs.Validator
	v.Add(field, typ, "%s", msg)
	return v.Err()
}
