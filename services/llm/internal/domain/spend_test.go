package domain

import (
	"context"
	"testing"
	"time"
)

// sliceStore is the part of Store that monthToDate uses.
type sliceStore struct {
	Store
	recs    []UsageRecord
	queries []time.Duration // length of each queried range
}

func (s *sliceStore) SpendBetween(_ context.Context, c string, from, to time.Time) (int64, error) {
	s.queries = append(s.queries, to.Sub(from))
	var n int64
	for _, r := range s.recs {
		if r.CompanyID == c && !r.CreatedAt.Before(from) && r.CreatedAt.Before(to) {
			n += r.CostMicros
		}
	}
	return n, nil
}

func TestMonthToDateMatchesFullSumAndQueriesLittle(t *testing.T) {
	t.Parallel()
	st := &sliceStore{}
	c := spendCache{m: map[string]spendEntry{}}
	start := time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)
	// Six hours of calls, one a minute, each recorded as it ends; the
	// month ends in the middle and the spend must restart from zero.
	for i := range 360 {
		now := start.Add(time.Duration(i) * time.Minute)
		st.recs = append(st.recs, UsageRecord{CompanyID: "a", CostMicros: int64(i + 1), CreatedAt: now})
		st.recs = append(st.recs, UsageRecord{CompanyID: "b", CostMicros: 1000, CreatedAt: now})
		var want int64 // the full sum, the slow way
		for _, r := range st.recs {
			if r.CompanyID == "a" && !r.CreatedAt.Before(monthStart(now)) {
				want += r.CostMicros
			}
		}
		st.queries = st.queries[:0]
		got, err := c.monthToDate(t.Context(), st, "a", now.Add(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("minute %d: month-to-date %d, want %d", i, got, want)
		}
		for _, q := range st.queries {
			if i > 5 && q > settleDelay+time.Hour+2*time.Minute {
				t.Fatalf("minute %d: summed a range of %v; only recent usage should be summed", i, q)
			}
		}
	}
}

// Admission reads the spend at most once a second per company: within it,
// this replica's own calls count at once (added), another replica's from
// the next read; the budget status a user reads is always fresh.
func TestMonthToDateReadOnceASecond(t *testing.T) {
	t.Parallel()
	st := &sliceStore{}
	c := spendCache{m: map[string]spendEntry{}}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	st.recs = []UsageRecord{{CompanyID: "a", CostMicros: 100, CreatedAt: now.Add(-time.Minute)}}
	sum := func(at time.Time) int64 {
		t.Helper()
		got, err := c.monthToDate(t.Context(), st, "a", at)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := sum(now); got != 100 {
		t.Fatalf("first read %d, want 100", got)
	}
	st.recs = append(st.recs, UsageRecord{CompanyID: "a", CostMicros: 50, CreatedAt: now}) // another replica
	c.added("a", 7)                                                                        // this replica's call
	st.queries = nil
	if got := sum(now.Add(500 * time.Millisecond)); got != 107 || len(st.queries) != 0 {
		t.Fatalf("within the second: %d with %d reads, want 107 and none", got, len(st.queries))
	}
	if got := sum(now.Add(time.Second)); got != 150 || len(st.queries) == 0 {
		t.Fatalf("a second later: %d with %d reads, want 150 read afresh", got, len(st.queries))
	}
	st.recs = append(st.recs, UsageRecord{CompanyID: "a", CostMicros: 1, CreatedAt: now.Add(time.Second)})
	if got, err := c.monthToDateNow(t.Context(), st, "a", now.Add(time.Second)); err != nil || got != 151 {
		t.Fatalf("the status read %d (%v), want 151", got, err)
	}
}
