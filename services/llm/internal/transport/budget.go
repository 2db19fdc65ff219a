package transport

import (
	"context"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
)

// maxExactMicros is the largest whole number a double carries exactly.
const maxExactMicros = 1 << 53

// budgetUpdate parses an UpdateBudgetRequest; whether the caller may set
// each field is the domain's rule (domain/ceiling.go), told whether the
// caller is a superadmin.
func budgetUpdate(ctx context.Context, req *llmv1.UpdateBudgetRequest) (domain.BudgetUpdate, error) {
	p, _ := principal.From(ctx)
	u := domain.BudgetUpdate{Platform: p.IsSuperadmin()}
	var v errs.Validator
	u.MonthlyBudgetMicros = micros(&v, "monthly_budget_micros", req.MonthlyBudgetMicros)
	u.CeilingMonthlyMicros = micros(&v, "ceiling_monthly_budget_micros", req.CeilingMonthlyBudgetMicros)
	u.RequestsPerMinute = perMinute(req.RequestsPerMinute)
	u.CeilingRequestsPerMinute = perMinute(req.CeilingRequestsPerMinute)
	if l := req.GetAllowedModels(); l != nil {
		models := make([]string, 0, len(l.GetValues()))
		for _, m := range l.GetValues() {
			name := m.GetStringValue()
			if name == "" {
				v.Add("allowed_models", "value_error", "allowed_models must be a list of model names")
				break
			}
			models = append(models, name)
		}
		u.AllowedModels = &models
	}
	return u, v.Err()
}

// micros reads an optional whole number of micro-dollars.
func micros(v *errs.Validator, field string, in *float64) *int64 {
	if in == nil {
		return nil
	}
	m := *in
	if m != float64(int64(m)) || m < 0 || m > maxExactMicros {
		v.Add(field, "value_error", "%s must be a whole number from 1 to 2^53", field)
		return nil
	}
	n := int64(m)
	return &n
}

func perMinute(in *int32) *int {
	if in == nil {
		return nil
	}
	n := int(*in)
	return &n
}
