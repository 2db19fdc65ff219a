package domain

import (
	"context"
	"fmt"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Caller is who is billed for a call.
type Caller struct {
	CompanyID string
	UserID    string
}

// admit checks, before any provider is called, the company's monthly
// budget (month-to-date spend below it) and its requests-per-minute limit:
// each request claims the next numbered slot of its company's minute
// (Store.CountRequest; the Mongo store inserts one document per slot with
// mongox.NextNumber, since a $inc counter loses increments on FerretDB),
// and a slot number over the limit is refused. Over either, it returns *errs.RateLimitedError with the time until the
// limit resets. The budget is checked first so that refused calls do not
// use up the minute's quota. Budgets are soft: calls already running when
// the budget is reached finish and are billed.
//
// allow, when not nil, first checks the models of the call against the
// company's allowlist (ceiling.go), so a refused model uses no quota.
func (s *Service) admit(ctx context.Context, c Caller, allow func(Budget) error) error {
	if c.CompanyID == "" {
		return errs.New(errs.ErrPermissionDenied, "No company to bill for this call")
	}
	b, err := s.budgets.get(ctx, c.CompanyID, s.now(), s.budget) // budgetcache.go
	if err != nil {
		return err
	}
	if allow != nil {
		if err := allow(b); err != nil {
			return err
		}
	}
	now := s.now().UTC()
	if b.MonthlyBudgetMicros > 0 {
		spent, err := s.spend.monthToDate(ctx, s.store, c.CompanyID, now)
		if err != nil {
			return fmt.Errorf("month-to-date spend: %w", err)
		}
		if spent >= b.MonthlyBudgetMicros {
			return &errs.RateLimitedError{
				Msg: fmt.Sprintf("Monthly LLM budget exhausted: spent %s of %s this month",
					dollars(spent), dollars(b.MonthlyBudgetMicros)),
				RetryAfter: monthStart(now).AddDate(0, 1, 0).Sub(now),
			}
		}
	}
	if b.RequestsPerMinute > 0 {
		minute := now.Truncate(time.Minute)
		n, err := s.store.CountRequest(ctx, c.CompanyID, minute)
		if err != nil {
			return fmt.Errorf("count request: %w", err)
		}
		if n > b.RequestsPerMinute {
			return &errs.RateLimitedError{
				Msg:        fmt.Sprintf("LLM rate limit exceeded: at most %d requests per minute", b.RequestsPerMinute),
				RetryAfter: minute.Add(time.Minute).Sub(now),
			}
		}
	}
	return nil
}

// budget returns the limits that apply to the company: the stored budget
// or the configured default, resolved against its ceilings.
func (s *Service) budget(ctx context.Context, companyID string) (Budget, error) {
	b, found, err := s.store.GetBudget(ctx, companyID)
	if err != nil {
		return Budget{}, fmt.Errorf("read budget: %w", err)
	}
	if !found {
		b = Budget{CompanyID: companyID}
	}
	return s.resolve(b), nil
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func dollars(micros int64) string {
	return fmt.Sprintf("$%d.%02d", micros/1_000_000, (micros%1_000_000)/10_000)
}
