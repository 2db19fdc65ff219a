package domain_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
)

func TestBudgetExceededMakesNoUpstreamCall(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "x")
	svc, st := newService(t, testConfig(), openAI(t, f))
	budget := int64(500)
	if _, err := svc.UpdateBudget(t.Context(), company, domain.BudgetUpdate{MonthlyBudgetMicros: &budget}); err != nil {
		t.Fatal(err)
	}
	_ = st.RecordUsage(t.Context(), company, domain.UsageRecord{CompanyID: company, CostMicros: 500, CreatedAt: time.Now().UTC()})

	for _, call := range []func() error{
		func() error {
			_, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
			return err
		},
		func() error {
			_, err := svc.Stream(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}, func(domain.Chunk) error { return nil })
			return err
		},
		func() error {
			_, err := svc.Embed(t.Context(), caller, domain.EmbedInput{Texts: []string{"x"}})
			return err
		},
	} {
		err := call()
		var rl *errs.RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter <= 0 || !strings.Contains(rl.Msg, "budget") {
			t.Fatalf("err = %v, want 429 with Retry-After naming the budget", err)
		}
	}
	if f.Requests() != 0 {
		t.Fatalf("the provider saw %d requests over budget", f.Requests())
	}
	// another company is not affected
	if _, err := svc.Complete(t.Context(), domain.Caller{CompanyID: "65f000000000000000000002"}, domain.CompletionInput{Prompt: "hi"}); err != nil {
		t.Fatal(err)
	}
}

func TestRequestsPerMinute(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "x")
	svc, _ := newService(t, testConfig(), openAI(t, f))
	rpm := 2
	st, err := svc.UpdateBudget(t.Context(), company, domain.BudgetUpdate{RequestsPerMinute: &rpm})
	if err != nil || st.RequestsPerMinute != 2 {
		t.Fatalf("budget %+v: %v", st, err)
	}
	for i := range 3 {
		_, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
		var rl *errs.RateLimitedError
		switch {
		case i < 2 && err != nil:
			t.Fatalf("request %d: %v", i+1, err)
		case i == 2 && (!errors.As(err, &rl) || rl.RetryAfter <= 0 || rl.RetryAfter > time.Minute):
			t.Fatalf("request 3: err = %v, want 429 with Retry-After within a minute", err)
		}
	}
	if f.Requests() != 2 {
		t.Fatalf("provider saw %d requests, want 2", f.Requests())
	}
}

func TestUsageReportAndBudgetStatus(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "a", "b")
	svc, _ := newService(t, testConfig(), openAI(t, f))
	for range 2 {
		if _, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := svc.Usage(t.Context(), company, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 1 || rep.Rows[0].Requests != 2 || rep.Rows[0].Model != "gpt-4o-mini" || rep.Rows[0].Provider != "openai" ||
		rep.Rows[0].Day != time.Now().UTC().Format(time.DateOnly) || rep.TotalCost != rep.Rows[0].CostMicros || rep.TotalCost <= 0 {
		t.Fatalf("report %+v", rep)
	}
	b, err := svc.GetBudget(t.Context(), company)
	if err != nil || b.MonthToDateMicros != rep.TotalCost {
		t.Fatalf("budget %+v (%v), want month-to-date %d", b, err, rep.TotalCost)
	}
	if _, err := svc.Usage(t.Context(), company, "2026-13-01", ""); err == nil {
		t.Fatal("bad date accepted")
	}
}

// Requests clearly under the limit are admitted before their count is
// written (no write on the path to the first token); concurrent requests
// still get exactly the limit through, and every request is counted.
func TestRequestsPerMinuteConcurrentAdmittedAhead(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "x")
	cfg := testConfig()
	now := time.Now() // one minute for the whole test
	cfg.Now = func() time.Time { return now }
	svc, st := newService(t, cfg, openAI(t, f))
	rpm := 5
	if _, err := svc.UpdateBudget(t.Context(), company, domain.BudgetUpdate{RequestsPerMinute: &rpm}); err != nil {
		t.Fatal(err)
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		refused int
	)
	for range 12 {
		wg.Go(func() {
			_, err := svc.Stream(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}, func(domain.Chunk) error { return nil })
			var rl *errs.RateLimitedError
			switch {
			case errors.As(err, &rl):
				mu.Lock()
				refused++
				mu.Unlock()
			case err != nil:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	svc.Drain() // the counts written after admission
	if f.Requests() != rpm || refused != 12-rpm {
		t.Fatalf("provider saw %d requests, %d refused; want %d and %d", f.Requests(), refused, rpm, 12-rpm)
	}
	n, err := st.CountRequest(t.Context(), company, now.UTC().Truncate(time.Minute))
	if err != nil || n != 13 {
		t.Fatalf("the next count is %d (%v), want 13: every request counted", n, err)
	}
}
