package domain_test

import (
	"errors"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/memstore"
)

// A budget changed on the replica that admits calls applies to the very
// next call, although admission keeps the budget it read.
func TestBudgetEditAppliesAtOnceOnItsReplica(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "x")
	svc, _ := newService(t, testConfig(), openAI(t, f))
	if _, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}); err != nil {
		t.Fatal(err) // admitted on the default budget, which is now kept
	}
	budget := int64(1) // already spent by the first call
	if _, err := svc.UpdateBudget(t.Context(), company, domain.BudgetUpdate{MonthlyBudgetMicros: &budget}); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
	if rl := (*errs.RateLimitedError)(nil); !errors.As(err, &rl) {
		t.Fatalf("err = %v, want the new budget's 429", err)
	}
	if f.Requests() != 1 {
		t.Fatalf("the provider saw %d requests, want 1", f.Requests())
	}
}

// Two replicas share the database: a budget set through one applies on
// the other once the budget it read is a second old (budgetTTL).
func TestBudgetEditReachesOtherReplicasWithinASecond(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "x")
	st, clock := memstore.New(), newClock()
	replica := func() *domain.Service {
		cfg := testConfig()
		cfg.Now, cfg.Sleep = clock.Now, (&waits{}).sleep
		svc, err := domain.New(domain.Deps{Config: cfg, Providers: []llm.Provider{openAI(t, f)}, Store: st, Log: discard()})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	a, b := replica(), replica()
	if _, err := a.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}); err != nil {
		t.Fatal(err)
	}
	budget := int64(1) // already spent by the first call
	if _, err := b.UpdateBudget(t.Context(), company, domain.BudgetUpdate{MonthlyBudgetMicros: &budget}); err != nil {
		t.Fatal(err)
	}
	clock.advance(2 * time.Second)
	_, err := a.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
	if rl := (*errs.RateLimitedError)(nil); !errors.As(err, &rl) {
		t.Fatalf("replica a, a second later: err = %v, want the budget's 429", err)
	}
}
