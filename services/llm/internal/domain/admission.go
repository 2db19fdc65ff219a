package domain

import (
	"context"
	"fmt"
	"sync"
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
// Neither check writes on the path of a call that is clearly inside its
// limits (the first token of a chat waited ~35 ms for them on FerretDB):
// the month-to-date spend is read at most once a second per company and
// replica (spend.go), and a request the replica's count shows under the
// limit is admitted at once and counted in the background (rateView). Near
// the limit every request is counted before it is admitted, as before.
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
		if s.rates.admitAhead(c.CompanyID, minute, b.RequestsPerMinute) {
			s.countAfter(ctx, c.CompanyID, minute)
			return nil
		}
		n, err := s.store.CountRequest(ctx, c.CompanyID, minute)
		if err != nil {
			return fmt.Errorf("count request: %w", err)
		}
		// Requests admitted ahead whose counts are not written yet may
		// land after this one: they count before it.
		if n+s.rates.seen(c.CompanyID, minute, n) > b.RequestsPerMinute {
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

// rateView is a replica's view of each company's request count in the
// current minute: known is the highest count the store returned for it,
// pending the requests this replica admitted whose count is still being
// written. known + pending never exceeds the true count, so a request the
// view puts under the limit may be admitted before its count is written.
// With one replica the view is exact; with several, a request may pass
// while another replica's counts for the same minute are still unseen —
// at most the requests those replicas admit during one write, before
// their counts come back and every replica counts synchronously again.
type rateView struct {
	mu sync.Mutex
	m  map[string]*minuteCount
}

type minuteCount struct {
	minute         time.Time
	known, pending int
}

// entry is companyID's count of minute, started afresh for a new minute.
// Callers hold v.mu.
func (v *rateView) entry(companyID string, minute time.Time) *minuteCount {
	if v.m == nil {
		v.m = map[string]*minuteCount{}
	}
	e := v.m[companyID]
	if e == nil || e.minute.Before(minute) {
		e = &minuteCount{minute: minute}
		v.m[companyID] = e
	}
	return e
}

// admitAhead reports whether one more request fits the limit by the view,
// and if so counts it as pending.
func (v *rateView) admitAhead(companyID string, minute time.Time, limit int) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	e := v.entry(companyID, minute)
	if !e.minute.Equal(minute) || e.known+e.pending+1 > limit {
		return false
	}
	e.pending++
	return true
}

// seen records a count the store returned for a request counted before
// admission, and returns the requests admitted ahead still pending.
func (v *rateView) seen(companyID string, minute time.Time, n int) int {
	return v.update(companyID, minute, n, false)
}

// update records a count the store returned; done says it was a pending
// request's. It returns the pending requests left.
func (v *rateView) update(companyID string, minute time.Time, n int, done bool) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	e := v.entry(companyID, minute)
	if !e.minute.Equal(minute) {
		return 0
	}
	if done {
		e.pending--
	}
	e.known = max(e.known, n)
	return e.pending
}

// countAfter writes the count of a request admitted ahead, in the
// background (drained at shutdown with the usage records). A count that
// fails leaves the view lower than the truth by one: it is logged.
func (s *Service) countAfter(ctx context.Context, companyID string, minute time.Time) {
	s.metering.Add(1)
	go func() {
		defer s.metering.Done()
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		n, err := s.store.CountRequest(cctx, companyID, minute)
		if err != nil {
			s.log.ErrorContext(ctx, "count llm request failed", "error", err.Error())
		}
		s.rates.update(companyID, minute, n, true)
	}()
}
