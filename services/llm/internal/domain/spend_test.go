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
