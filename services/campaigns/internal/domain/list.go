package domain

import (
	"context"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/principal"
)

// ListInput filters and pages a campaign list.
type ListInput struct {
	Filter ListFilter
	// CompanyID narrows a superadmin's list to one company; for others a
	// different company yields an empty list.
	CompanyID string
	Page      Page
}

// List returns the campaigns p may see that match in, and their total.
func (s *Service) List(ctx context.Context, p principal.Principal, in ListInput) ([]Campaign, int64, error) {
	sc, err := scopeFor(p)
	if err != nil {
		return nil, 0, err
	}
	sc, ok := sc.Within(in.CompanyID)
	if !ok {
		return []Campaign{}, 0, nil // another company's campaigns: none visible
	}
	f := in.Filter
	var v errs.Validator
	f.Statuses = listing.EnumFilter(&v, "status", f.Statuses, Statuses)
	f.Channel = strings.ToLower(strings.TrimSpace(f.Channel))
	if f.Channel != "" {
		v.OneOf("channel", f.Channel, Channels)
	}
	listing.CheckQ(&v, f.Q)
	if f.From != nil && f.To != nil {
		v.Check(!f.To.Before(*f.From), "date_to", "value_error", "date_to must not be before date_from")
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	cs, total, err := s.campaigns.List(ctx, sc, f, in.Page)
	if err != nil {
		return nil, 0, fmt.Errorf("list campaigns: %w", err)
	}
	return cs, total, nil
}
