package domain_test

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
)

func ptr[T any](v T) *T { return &v }

// A company admin can lower its limits, never lift them above the
// platform's ceiling nor make them unlimited; only a superadmin moves the
// ceiling or the model allowlist.
func TestBudgetCeilingNoTenantCanLift(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	svc, _ := newService(t, cfg, openAI(t, fake(t, fakellm.OpenAI, "x")))
	ctx := t.Context()

	b, err := svc.GetBudget(ctx, company)
	if err != nil || b.MonthlyBudgetMicros != cfg.DefaultMonthlyBudgetMicros || b.RequestsPerMinute != cfg.DefaultRequestsPerMinute ||
		b.CeilingMonthlyMicros != cfg.DefaultMonthlyBudgetMicros || b.CeilingRequestsPerMinute != cfg.DefaultRequestsPerMinute {
		t.Fatalf("default budget %+v (%v), want the platform ceilings", b, err)
	}
	for name, u := range map[string]domain.BudgetUpdate{
		"unlimited budget":      {MonthlyBudgetMicros: ptr[int64](0)},
		"unlimited rate":        {RequestsPerMinute: ptr(0)},
		"budget above ceiling":  {MonthlyBudgetMicros: ptr(cfg.DefaultMonthlyBudgetMicros + 1)},
		"rate above ceiling":    {RequestsPerMinute: ptr(cfg.DefaultRequestsPerMinute + 1)},
		"own ceiling":           {CeilingMonthlyMicros: ptr(cfg.DefaultMonthlyBudgetMicros * 10)},
		"own rate ceiling":      {CeilingRequestsPerMinute: ptr(cfg.DefaultRequestsPerMinute * 10)},
		"expensive models":      {AllowedModels: ptr([]string{"gpt-4o"})},
		"superadmin: 0 ceiling": {CeilingMonthlyMicros: ptr[int64](0), Platform: true},
	} {
		if _, err := svc.UpdateBudget(ctx, company, u); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if b, _ := svc.GetBudget(ctx, company); b.MonthlyBudgetMicros != cfg.DefaultMonthlyBudgetMicros || b.RequestsPerMinute != cfg.DefaultRequestsPerMinute {
		t.Fatalf("refused updates changed the budget: %+v", b)
	}
	// the record as read, sent back unchanged, is accepted
	if _, err := svc.UpdateBudget(ctx, company, domain.BudgetUpdate{MonthlyBudgetMicros: ptr[int64](500),
		CeilingMonthlyMicros: ptr(b.CeilingMonthlyMicros), AllowedModels: ptr(b.AllowedModels)}); err != nil {
		t.Fatalf("lowering the own budget: %v", err)
	}
	// the superadmin raises the ceiling, and the admin can then go up to it
	raised := cfg.DefaultMonthlyBudgetMicros * 10
	if _, err := svc.UpdateBudget(ctx, company, domain.BudgetUpdate{CeilingMonthlyMicros: &raised, Platform: true}); err != nil {
		t.Fatal(err)
	}
	b, err = svc.UpdateBudget(ctx, company, domain.BudgetUpdate{MonthlyBudgetMicros: &raised})
	if err != nil || b.MonthlyBudgetMicros != raised {
		t.Fatalf("budget %+v (%v), want %d", b, err, raised)
	}
	// a superadmin's budget above the ceiling raises the ceiling with it
	if b, err = svc.UpdateBudget(ctx, company, domain.BudgetUpdate{MonthlyBudgetMicros: ptr(raised * 2), Platform: true}); err != nil ||
		b.MonthlyBudgetMicros != raised*2 || b.CeilingMonthlyMicros != raised*2 {
		t.Fatalf("budget %+v (%v), want budget and ceiling %d", b, err, raised*2)
	}
	// lowering the ceiling lowers the limit in force
	if b, err = svc.UpdateBudget(ctx, company, domain.BudgetUpdate{CeilingMonthlyMicros: ptr[int64](700), Platform: true}); err != nil || b.MonthlyBudgetMicros != 700 {
		t.Fatalf("budget %+v (%v), want 700 under a ceiling of 700", b, err)
	}
}

// A company calls only the models it is allowed (the cheap defaults until
// a superadmin widens the list); a refused model reaches no provider.
func TestCompanyModelAllowlist(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "x")
	svc, _ := newService(t, testConfig(), openAI(t, f))
	ctx := t.Context()
	_, err := svc.Complete(ctx, caller, domain.CompletionInput{Prompt: "hi", Model: "gpt-4o"})
	var verr *errs.ValidationError
	if !errors.As(err, &verr) || f.Requests() != 0 {
		t.Fatalf("gpt-4o by default: err %v, %d upstream requests; want 422 and none", err, f.Requests())
	}
	if _, err := svc.Complete(ctx, caller, domain.CompletionInput{Prompt: "hi"}); err != nil {
		t.Fatalf("the default model: %v", err)
	}
	if _, err := svc.UpdateBudget(ctx, company, domain.BudgetUpdate{AllowedModels: ptr([]string{"gpt-4o", "gpt-4o-mini"}), Platform: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Complete(ctx, caller, domain.CompletionInput{Prompt: "hi", Model: "gpt-4o"}); err != nil {
		t.Fatalf("gpt-4o once allowed: %v", err)
	}
	if _, err := svc.Embed(ctx, caller, domain.EmbedInput{Texts: []string{"x"}}); !errors.As(err, &verr) {
		t.Fatalf("embedding with a model outside the list: %v, want 422", err)
	}
}
