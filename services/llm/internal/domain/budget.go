package domain

import (
	"context"
	"fmt"
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

// UpdateBudget changes the fields of u that are set, within the rule of
// ceiling.go.
func (s *Service) UpdateBudget(ctx context.Context, companyID string, u BudgetUpdate) (BudgetStatus, error) {
	cur, err := s.budget(ctx, companyID)
	if err != nil {
		return BudgetStatus{}, err
	}
	if err := s.checkUpdate(cur, &u); err != nil {
		return BudgetStatus{}, err
	}
	b, err := s.store.UpdateBudget(ctx, companyID, u, s.now().UTC())
	s.budgets.drop(companyID) // also when the write failed: it may have been applied
	if err != nil {
		return BudgetStatus{}, fmt.Errorf("update budget: %w", err)
	}
	return s.withSpend(ctx, s.resolve(b))
}

func (s *Service) withSpend(ctx context.Context, b Budget) (BudgetStatus, error) {
	spent, err := s.spend.monthToDateNow(ctx, s.store, b.CompanyID, s.now().UTC())
	if err != nil {
		return BudgetStatus{}, fmt.Errorf("month-to-date spend: %w", err)
	}
	return BudgetStatus{Budget: b, MonthToDateMicros: spent}, nil
}
