package domain

import (
	"context"
	"fmt"

	"github.com/copydesk/copydesk/pkg/errs"
)

// BudgetStatus is a budget with this month's spend.
type BudgetStatus struct {
	Budget
	MonthToDateMicros int64
}

// MaxRequestsPerMinute bounds the rate limit a company can be given.
const MaxRequestsPerMinute = 100_000

// GetBudget reads companyID's budget (or the default) and its spend.
func (s *Service) GetBudget(ctx context.Context, companyID string) (BudgetStatus, error) {
	b, err := s.budget(ctx, companyID)
	if err != nil {
		return BudgetStatus{}, err
	}
	return s.withSpend(ctx, b)
}

// UpdateBudget changes the fields of u that are set.
func (s *Service) UpdateBudget(ctx context.Context, companyID string, u BudgetUpdate) (BudgetStatus, error) {
	var v errs.Validator
	if m := u.MonthlyBudgetMicros; m != nil {
		v.Check(*m >= 0, "monthly_budget_micros", "value_error", "monthly_budget_micros must be a whole number >= 0")
	}
	if r := u.RequestsPerMinute; r != nil {
		v.Check(*r >= 0 && *r <= MaxRequestsPerMinute, "requests_per_minute", "value_error",
			"requests_per_minute must be from 0 to %d", MaxRequestsPerMinute)
	}
	if err := v.Err(); err != nil {
		return BudgetStatus{}, err
	}
	if u.MonthlyBudgetMicros == nil || u.RequestsPerMinute == nil {
		// the first stored budget starts from the default, not from zero
		cur, err := s.budget(ctx, companyID)
		if err != nil {
			return BudgetStatus{}, err
		}
		if u.MonthlyBudgetMicros == nil {
			u.MonthlyBudgetMicros = &cur.MonthlyBudgetMicros
		}
		if u.RequestsPerMinute == nil {
			u.RequestsPerMinute = &cur.RequestsPerMinute
		}
	}
	b, err := s.store.UpdateBudget(ctx, companyID, u, s.now().UTC())
	s.budgets.drop(companyID) // also when the write failed: it may have been applied
	if err != nil {
		return BudgetStatus{}, fmt.Errorf("update budget: %w", err)
	}
	return s.withSpend(ctx, b)
}

func (s *Service) withSpend(ctx context.Context, b Budget) (BudgetStatus, error) {
	spent, err := s.spend.monthToDate(ctx, s.store, b.CompanyID, s.now().UTC())
	if err != nil {
		return BudgetStatus{}, fmt.Errorf("month-to-date spend: %w", err)
	}
	return BudgetStatus{Budget: b, MonthToDateMicros: spent}, nil
}
