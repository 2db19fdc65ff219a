package e2e

import (
	"net/http"
	"strconv"
	"testing"
)

// A company over its budget or its per-minute limit gets 429 with
// Retry-After, and the provider is not called.
func TestLLMBudgetExceededMakesNoUpstreamCall(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		budget map[string]any
	}{
		// the first call costs a few micro-dollars, more than 1
		{"monthly budget", map[string]any{"monthly_budget_micros": 1}},
		{"requests per minute", map[string]any{"requests_per_minute": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			co := newLLMCompany(t)
			r := call(t, http.MethodPut, "/api/llm/budget", co.admin.Access, tc.budget)
			want(t, r, http.StatusOK)
			if got := str(r.obj(t), "company_id"); got != co.id {
				t.Fatalf("budget of company %q, want %q", got, co.id)
			}
			first := fakeLLM.NewScript(t)
			want(t, call(t, http.MethodPost, "/api/llm/completion", co.writer.Access,
				map[string]any{"prompt": first.Prompt("within budget")}), http.StatusOK)

			over := fakeLLM.NewScript(t)
			for _, path := range []string{"/api/llm/completion", "/api/llm/completion/stream"} {
				r = call(t, http.MethodPost, path, co.writer.Access, map[string]any{"prompt": over.Prompt("over budget")})
				want(t, r, http.StatusTooManyRequests)
				if secs, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || secs <= 0 {
					t.Errorf("%s: Retry-After %q, want a positive number of seconds", path, r.header.Get("Retry-After"))
				}
				if str(r.obj(t), "detail") == "" {
					t.Errorf("%s: 429 without a detail: %s", path, r)
				}
			}
			if n := over.Requests(); n != 0 {
				t.Errorf("provider got %d requests over the budget, want none", n)
			}
		})
	}
}

// Budgets are set by a company_admin for its own company only.
func TestLLMBudgetRoles(t *testing.T) {
	t.Parallel()
	a, b := newLLMCompany(t), newLLMCompany(t)
	want(t, call(t, http.MethodPut, "/api/llm/budget", a.writer.Access, map[string]any{"requests_per_minute": 5}), http.StatusForbidden)
	want(t, call(t, http.MethodPut, "/api/llm/budget", a.admin.Access,
		map[string]any{"company_id": b.id, "requests_per_minute": 5}), http.StatusNotFound)
	r := call(t, http.MethodGet, "/api/llm/budget"+q("company_id", b.id), env.admin.Access, nil)
	want(t, r, http.StatusOK)
	if rpm, _ := r.obj(t)["requests_per_minute"].(float64); rpm == 5 {
		t.Errorf("company A's admin changed company B's budget: %s", r)
	}
}

// Usage is per company: A never sees B's calls; the superadmin can ask for
// any company.
func TestLLMUsageTenantIsolation(t *testing.T) {
	t.Parallel()
	a, b := newLLMCompany(t), newLLMCompany(t)
	s := fakeLLM.NewScript(t)
	complete := func(u session, n int) {
		for range n {
			want(t, call(t, http.MethodPost, "/api/llm/completion", u.Access, map[string]any{"prompt": s.Prompt("usage")}), http.StatusOK)
		}
	}
	complete(a.writer, 1)
	complete(b.writer, 2)

	requests := func(t *testing.T, r response) (companyID string, n int) {
		t.Helper()
		want(t, r, http.StatusOK)
		m := r.obj(t)
		for _, row := range r.list(t) {
			if row["provider"] != "openai" || row["model"] != "gpt-4o-mini" {
				t.Errorf("usage row %v, want openai gpt-4o-mini", row)
			}
			c, _ := row["requests"].(float64)
			n += int(c)
		}
		return str(m, "company_id"), n
	}
	for _, tc := range []struct {
		name    string
		token   string
		query   string
		company string
		n       int
	}{
		{"A's writer", a.writer.Access, "", a.id, 1},
		{"A's admin", a.admin.Access, "", a.id, 1},
		{"B's writer", b.writer.Access, "", b.id, 2},
		{"superadmin for B", env.admin.Access, q("company_id", b.id), b.id, 2},
		{"A's admin naming A", a.admin.Access, q("company_id", a.id), a.id, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cid, n := requests(t, call(t, http.MethodGet, "/api/llm/usage"+tc.query, tc.token, nil))
			if cid != tc.company || n != tc.n {
				t.Errorf("usage of %q with %d requests, want %q with %d", cid, n, tc.company, tc.n)
			}
		})
	}
	// Naming another company is as if it did not exist.
	for _, u := range []session{a.admin, a.writer} {
		r := call(t, http.MethodGet, "/api/llm/usage"+q("company_id", b.id), u.Access, nil)
		want(t, r, http.StatusNotFound)
	}
	// A client sees no usage at all.
	want(t, call(t, http.MethodGet, "/api/llm/usage", newSession(t, a.id, "client").Access, nil), http.StatusForbidden)
}

// A company admin cannot lift the platform's ceiling: not to "unlimited"
// (0), not above it, not by setting the ceiling itself; the superadmin
// moves the ceiling and the admin may then go up to it.
func TestLLMBudgetCeilingNoTenantCanLift(t *testing.T) {
	t.Parallel()
	co := newLLMCompany(t)
	r := call(t, http.MethodGet, "/api/llm/budget", co.admin.Access, nil)
	want(t, r, http.StatusOK)
	before := r.obj(t)
	ceiling, _ := before["ceiling_monthly_budget_micros"].(float64)
	if budget, _ := before["monthly_budget_micros"].(float64); ceiling <= 0 || budget != ceiling {
		t.Fatalf("a new company's budget %s, want a non-zero platform ceiling", r)
	}
	for name, body := range map[string]map[string]any{
		"unlimited budget":     {"monthly_budget_micros": 0},
		"unlimited rate":       {"requests_per_minute": 0},
		"budget above ceiling": {"monthly_budget_micros": ceiling + 1},
	} {
		if r := call(t, http.MethodPut, "/api/llm/budget", co.admin.Access, body); r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422: %s", name, r.status, r.body)
		}
	}
	want(t, call(t, http.MethodPut, "/api/llm/budget", co.admin.Access,
		map[string]any{"ceiling_monthly_budget_micros": ceiling * 10}), http.StatusForbidden)
	want(t, call(t, http.MethodPut, "/api/llm/budget", co.admin.Access,
		map[string]any{"allowed_models": []string{"gpt-4o"}}), http.StatusForbidden)

	// the record as read comes back with a lower budget: accepted
	before["monthly_budget_micros"] = ceiling / 2
	want(t, call(t, http.MethodPut, "/api/llm/budget", co.admin.Access, before), http.StatusOK)

	want(t, call(t, http.MethodPut, "/api/llm/budget", env.admin.Access,
		map[string]any{"company_id": co.id, "ceiling_monthly_budget_micros": ceiling * 10}), http.StatusOK)
	r = call(t, http.MethodPut, "/api/llm/budget", co.admin.Access, map[string]any{"monthly_budget_micros": ceiling * 10})
	want(t, r, http.StatusOK)
	if got, _ := r.obj(t)["monthly_budget_micros"].(float64); got != ceiling*10 {
		t.Errorf("budget under the raised ceiling: %s", r)
	}
}

// A company calls the cheap default models until a superadmin allows more.
func TestLLMCompanyModelAllowlist(t *testing.T) {
	t.Parallel()
	co := newLLMCompany(t)
	s := fakeLLM.NewScript(t)
	body := map[string]any{"prompt": s.Prompt("allowlist"), "model": "gpt-4o"}
	want(t, call(t, http.MethodPost, "/api/llm/completion", co.writer.Access, body), http.StatusUnprocessableEntity)
	if n := s.Requests(); n != 0 {
		t.Fatalf("a model outside the company's list reached the provider (%d requests)", n)
	}
	r := call(t, http.MethodPut, "/api/llm/budget", env.admin.Access,
		map[string]any{"company_id": co.id, "allowed_models": []string{"gpt-4o-mini", "gpt-4o"}})
	want(t, r, http.StatusOK)
	want(t, call(t, http.MethodPost, "/api/llm/completion", co.writer.Access, body), http.StatusOK)
}
