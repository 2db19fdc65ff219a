package domain

import (
	"context"
	"fmt"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/principal"
)

// ListInput filters and pages a ticket list.
type ListInput struct {
	Filter    ListFilter
	Mine      bool
	CompanyID string
	Page      Page
}

// List returns the tickets p may see that match in, and their total.
func (s *Service) List(ctx context.Context, p principal.Principal, in ListInput) ([]Ticket, int64, error) {
	sc, err := scopeFor(p)
	if err != nil {
		return nil, 0, err
	}
	var ok bool
	if sc.Scope, ok = sc.Within(in.CompanyID); !ok {
		return []Ticket{}, 0, nil // another company's tickets: none visible
	}
	f := in.Filter
	var v errs.Validator
	f.Statuses = listing.EnumFilter(&v, "status", f.Statuses, Statuses)
	if f.Priority != "" {
		v.OneOf("priority", f.Priority, Priorities)
	}
	if f.Type != "" {
		v.OneOf("type", f.Type, Types)
	}
	listing.CheckQ(&v, f.Q)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	if in.Mine {
		f.MineOf = p.UserID
	}
	ts, total, err := s.tickets.List(ctx, sc, f, in.Page)
	if err != nil {
		return nil, 0, fmt.Errorf("list tickets: %w", err)
	}
	return ts, total, nil
}
