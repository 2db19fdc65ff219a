package domain

import (
	"slices"

	"github.com/copydesk/copydesk/pkg/errs"
)

// The budget rule: limits no tenant can lift.
//
// Every company has a ceiling, a monthly budget and a requests-per-minute
// limit that only a superadmin sets (Config.DefaultMonthlyBudgetMicros and
// DefaultRequestsPerMinute, both > 0, when none was set), and a model
// allowlist that only a superadmin sets (DefaultCompanyModels otherwise,
// the cheap models). A company admin may set its own limits from 1 up to
// the ceiling, never "unlimited"; a limit above a lowered ceiling counts as
// the ceiling. A stored own limit of 0 (also what budgets stored before
// ceilings existed meant by "no limit") means "at the ceiling".

// resolve fills b's platform defaults and clamps its own limits to the
// ceilings: the limits that apply.
func (s *Service) resolve(b Budget) Budget {
	if b.CeilingMonthlyMicros <= 0 {
		b.CeilingMonthlyMicros = s.cfg.DefaultMonthlyBudgetMicros
	}
	if b.CeilingRequestsPerMinute <= 0 {
		b.CeilingRequestsPerMinute = s.cfg.DefaultRequestsPerMinute
	}
	if b.MonthlyBudgetMicros <= 0 || b.MonthlyBudgetMicros > b.CeilingMonthlyMicros {
		b.MonthlyBudgetMicros = b.CeilingMonthlyMicros
	}
	if b.RequestsPerMinute <= 0 || b.RequestsPerMinute > b.CeilingRequestsPerMinute {
		b.RequestsPerMinute = b.CeilingRequestsPerMinute
	}
	if len(b.AllowedModels) == 0 {
		b.AllowedModels = s.cfg.DefaultCompanyModels
	}
	return b
}

// checkUpdate validates u against the company's current limits cur
// (resolved). A ceiling or allowlist sent unchanged (React Admin sends the
// record back as it read it) is dropped; a changed one from anyone but a
// superadmin is refused. A superadmin setting a limit above the ceiling
// raises the ceiling with it.
func (s *Service) checkUpdate(cur Budget, u *BudgetUpdate) error {
	if !u.Platform {
		if c := u.CeilingMonthlyMicros; c != nil && *c == cur.CeilingMonthlyMicros {
			u.CeilingMonthlyMicros = nil
		}
		if c := u.CeilingRequestsPerMinute; c != nil && *c == cur.CeilingRequestsPerMinute {
			u.CeilingRequestsPerMinute = nil
		}
		if m := u.AllowedModels; m != nil && sameSet(*m, cur.AllowedModels) {
			u.AllowedModels = nil
		}
		if u.CeilingMonthlyMicros != nil || u.CeilingRequestsPerMinute != nil || u.AllowedModels != nil {
			return errs.New(errs.ErrPermissionDenied, "Only a superadmin sets a company's LLM ceiling and models")
		}
	}
	if u.Platform { // a superadmin's limit above the ceiling raises it too
		if m := u.MonthlyBudgetMicros; m != nil && u.CeilingMonthlyMicros == nil && *m > cur.CeilingMonthlyMicros {
			u.CeilingMonthlyMicros = m
		}
		if r := u.RequestsPerMinute; r != nil && u.CeilingRequestsPerMinute == nil && *r > cur.CeilingRequestsPerMinute {
			u.CeilingRequestsPerMinute = r
		}
	}
	var v errs.Validator
	ceilM, ceilR := cur.CeilingMonthlyMicros, cur.CeilingRequestsPerMinute
	if c := u.CeilingMonthlyMicros; c != nil {
		v.Check(*c >= 1, "ceiling_monthly_budget_micros", "value_error", "ceiling_monthly_budget_micros must be a whole number >= 1")
		ceilM = *c
	}
	if c := u.CeilingRequestsPerMinute; c != nil {
		v.Check(*c >= 1 && *c <= MaxRequestsPerMinute, "ceiling_requests_per_minute", "value_error",
			"ceiling_requests_per_minute must be from 1 to %d", MaxRequestsPerMinute)
		ceilR = *c
	}
	if m := u.MonthlyBudgetMicros; m != nil {
		v.Check(*m >= 1 && *m <= ceilM, "monthly_budget_micros", "value_error",
			"monthly_budget_micros must be a whole number from 1 to the company's ceiling %d", ceilM)
	}
	if r := u.RequestsPerMinute; r != nil {
		v.Check(*r >= 1 && *r <= ceilR, "requests_per_minute", "value_error",
			"requests_per_minute must be from 1 to the company's ceiling %d", ceilR)
	}
	if m := u.AllowedModels; m != nil {
		for _, name := range *m {
			v.Check(s.modelAllowed(name), "allowed_models", "value_error", "Model %q is not allowed on this platform", name)
		}
	}
	return v.Err()
}

// allowFor keeps the targets whose model the company may call. A model the
// client named that the company may not call is a 422; failover targets
// at other models are dropped.
func allowFor(b Budget, named string, targets []target) ([]target, error) {
	if named != "" && !slices.Contains(b.AllowedModels, named) {
		var v errs.Validator
		v.Add("model", "value_error", "Model %q is not allowed for this company", named)
		return nil, v.Err()
	}
	out := make([]target, 0, len(targets))
	for _, t := range targets {
		if slices.Contains(b.AllowedModels, t.model) {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		var v errs.Validator
		v.Add("model", "value_error", "No model this company may call can serve this request")
		return nil, v.Err()
	}
	return out, nil
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
