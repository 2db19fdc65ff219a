package store_test

import (
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/store"
)

func newStore(t *testing.T) *store.Store {
	t.Helper()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.NewTextHandler(io.Discard, nil)), store.Migrations); err != nil {
		t.Fatal(err)
	}
	return store.New(db)
}

const (
	acme  = "65f0000000000000000000a1"
	other = "65f0000000000000000000b2"
)

func TestUsageSpendAndTenantFilter(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	month := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range []domain.UsageRecord{
		{CompanyID: acme, Provider: "openai", Model: "gpt-4o-mini", PromptTokens: 10, CompletionTokens: 5, CostMicros: 7, CreatedAt: month.Add(-time.Hour)},
		{CompanyID: acme, Provider: "openai", Model: "gpt-4o-mini", PromptTokens: 10, CompletionTokens: 5, CostMicros: 11, CreatedAt: month.Add(time.Hour)},
		{CompanyID: acme, Provider: "anthropic", Model: "claude-3-5-haiku-latest", CostMicros: 3_000_000_000, CreatedAt: month.Add(48 * time.Hour)},
		{CompanyID: other, Provider: "openai", Model: "gpt-4o-mini", CostMicros: 1000, CreatedAt: month.Add(time.Hour)},
	} {
		if err := s.RecordUsage(ctx, r.CompanyID, r); err != nil {
			t.Fatal(err)
		}
	}
	spent, err := s.SpendBetween(ctx, acme, month, month.AddDate(0, 1, 0))
	if err != nil || spent != 3_000_000_011 {
		t.Fatalf("spend = %d (%v), want 3000000011 (int64 sums, only acme, only this month)", spent, err)
	}
	if spent, _ := s.SpendBetween(ctx, acme, month.Add(2*time.Hour), month.Add(48*time.Hour)); spent != 0 {
		t.Fatalf("spend in a range without calls = %d (the end is exclusive)", spent)
	}
	if spent, _ := s.SpendBetween(ctx, "65f0000000000000000000c3", month, month.AddDate(0, 1, 0)); spent != 0 {
		t.Fatalf("spend of a company without usage = %d", spent)
	}
	recs, err := s.ListUsage(ctx, acme, month, month.Add(24*time.Hour))
	if err != nil || len(recs) != 1 || recs[0].CostMicros != 11 || recs[0].PromptTokens != 10 || recs[0].Model != "gpt-4o-mini" {
		t.Fatalf("list = %+v (%v)", recs, err)
	}
}

func TestBudgetUpsertAndRateCounter(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	if _, found, err := s.GetBudget(ctx, acme); found || err != nil {
		t.Fatalf("budget before any update: found=%v err=%v", found, err)
	}
	m, rpm := int64(5_000_000_000), 60
	now := time.Now().UTC().Truncate(time.Millisecond)
	b, err := s.UpdateBudget(ctx, acme, domain.BudgetUpdate{MonthlyBudgetMicros: &m, RequestsPerMinute: &rpm}, now)
	if err != nil || b.MonthlyBudgetMicros != m || b.RequestsPerMinute != 60 || b.CompanyID != acme {
		t.Fatalf("update = %+v (%v)", b, err)
	}
	rpm2 := 10
	b, err = s.UpdateBudget(ctx, acme, domain.BudgetUpdate{RequestsPerMinute: &rpm2}, now)
	if err != nil || b.MonthlyBudgetMicros != m || b.RequestsPerMinute != 10 {
		t.Fatalf("partial update = %+v (%v)", b, err)
	}
	if _, found, _ := s.GetBudget(ctx, other); found {
		t.Fatal("another company sees acme's budget")
	}

	minute := now.Truncate(time.Minute)
	for want := 1; want <= 3; want++ {
		if n, err := s.CountRequest(ctx, acme, minute); err != nil || n != want {
			t.Fatalf("count = %d (%v), want %d", n, err, want)
		}
	}
	if n, _ := s.CountRequest(ctx, other, minute); n != 1 {
		t.Fatalf("other company's count = %d, want 1", n)
	}
	if n, _ := s.CountRequest(ctx, acme, minute.Add(time.Minute)); n != 1 {
		t.Fatalf("next minute's count = %d, want 1", n)
	}
	if purged, err := s.PurgeCounters(ctx, time.Now()); err != nil || purged != 0 {
		t.Fatalf("purged %d (%v) of this minute's slots, want 0", purged, err)
	}
	purged, err := s.PurgeCounters(ctx, time.Now().Add(3*time.Minute))
	if err != nil || purged != 5 {
		t.Fatalf("purged %d (%v), want the 5 slots once their minute is over", purged, err)
	}
}

// Concurrent requests of one minute get the counts 1..n, each once: the
// per-minute limit is exact even on FerretDB, whose updates are not atomic.
func TestRateCounterExactUnderConcurrency(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	minute := time.Now().UTC().Truncate(time.Minute)
	const n = 20
	counts := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			c, err := s.CountRequest(t.Context(), acme, minute)
			if err != nil {
				t.Error(err)
			}
			counts <- c
		})
	}
	wg.Wait()
	close(counts)
	seen := map[int]bool{}
	for c := range counts {
		if seen[c] || c < 1 || c > n {
			t.Fatalf("count %d handed out twice or out of range", c)
		}
		seen[c] = true
	}
}

// TestEmptyCompanyRefused: "" is never a company (nor "every company"):
// every method refuses it and nothing is written — UpdateBudget("") used
// to upsert a budget for company "".
func TestEmptyCompanyRefused(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	now := time.Now().UTC()
	m := int64(1)
	calls := map[string]func() error{
		"RecordUsage": func() error {
			return s.RecordUsage(ctx, "", domain.UsageRecord{Provider: "offline", Model: "m", CostMicros: 1, CreatedAt: now})
		},
		"SpendBetween": func() error { _, err := s.SpendBetween(ctx, "", now.Add(-time.Hour), now); return err },
		"ListUsage":    func() error { _, err := s.ListUsage(ctx, "", now.Add(-time.Hour), now); return err },
		"GetBudget":    func() error { _, _, err := s.GetBudget(ctx, ""); return err },
		"UpdateBudget": func() error {
			_, err := s.UpdateBudget(ctx, "", domain.BudgetUpdate{MonthlyBudgetMicros: &m}, now)
			return err
		},
		"CountRequest": func() error { _, err := s.CountRequest(ctx, "", now.Truncate(time.Minute)); return err },
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s with company \"\" succeeded", name)
		}
	}
	if _, err := s.UpdateBudget(ctx, acme, domain.BudgetUpdate{MonthlyBudgetMicros: &m}, now); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PurgeCounters(ctx, now.Add(time.Hour)); err != nil || n != 0 {
		t.Fatalf("a request slot was claimed for company \"\" (%d purged, %v)", n, err)
	}
}
