package domain

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
)

// UsageRow sums one day, model and provider.
type UsageRow struct {
	Day              string // YYYY-MM-DD, UTC
	Model            string
	Provider         string
	Requests         int
	PromptTokens     int
	CompletionTokens int
	CostMicros       int64
}

// UsageReport is the rows of a period.
type UsageReport struct {
	CompanyID string
	Rows      []UsageRow
	TotalCost int64
}

const maxUsageDays = 366

// Usage sums companyID's usage for the days from..to (YYYY-MM-DD,
// inclusive; default: this month so far), by day, model and provider.
func (s *Service) Usage(ctx context.Context, companyID, from, to string) (UsageReport, error) {
	now := s.now().UTC()
	var v errs.Validator
	start, end := monthStart(now), now.Truncate(24*time.Hour)
	if from != "" {
		t, err := time.Parse(time.DateOnly, from)
		v.Check(err == nil, "from", "value_error", "from must be a date YYYY-MM-DD")
		start = t
	}
	if to != "" {
		t, err := time.Parse(time.DateOnly, to)
		v.Check(err == nil, "to", "value_error", "to must be a date YYYY-MM-DD")
		end = t
	}
	v.Check(!end.Before(start), "to", "value_error", "to must not be before from")
	v.Check(end.Sub(start) <= maxUsageDays*24*time.Hour, "from", "value_error", "The period is at most %d days", maxUsageDays)
	if err := v.Err(); err != nil {
		return UsageReport{}, err
	}
	recs, err := s.store.ListUsage(ctx, companyID, start, end.Add(24*time.Hour))
	if err != nil {
		return UsageReport{}, fmt.Errorf("list usage: %w", err)
	}
	type key struct{ day, model, provider string }
	sums := map[key]*UsageRow{}
	rep := UsageReport{CompanyID: companyID}
	for _, r := range recs {
		k := key{r.CreatedAt.UTC().Format(time.DateOnly), r.Model, r.Provider}
		row := sums[k]
		if row == nil {
			row = &UsageRow{Day: k.day, Model: k.model, Provider: k.provider}
			sums[k] = row
		}
		row.Requests++
		row.PromptTokens += r.PromptTokens
		row.CompletionTokens += r.CompletionTokens
		row.CostMicros += r.CostMicros
		rep.TotalCost += r.CostMicros
	}
	for _, row := range sums {
		rep.Rows = append(rep.Rows, *row)
	}
	sort.Slice(rep.Rows, func(i, j int) bool {
		a, b := rep.Rows[i], rep.Rows[j]
		if a.Day != b.Day {
			return a.Day < b.Day
		}
		if a.Provider != b.Provider {
			return a.Provider < b.Provider
		}
		return a.Model < b.Model
	})
	return rep, nil
}
