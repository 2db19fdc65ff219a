package domain

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/textset"
)

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

func validateName(v *errs.Validator, name string) {
	v.Check(name != "", "name", "missing", "name is required")
	v.Check(len([]rune(name)) <= MaxName, "name", "string_too_long", "name must be at most %d characters", MaxName)
}

func validateText(v *errs.Validator, field, val string, limit int) {
	v.Check(len([]rune(val)) <= limit, field, "string_too_long", "%s must be at most %d characters", field, limit)
}

// validateDates checks that a campaign ends after it starts.
func validateDates(v *errs.Validator, start, end *time.Time) {
	if start != nil && end != nil {
		v.Check(end.After(*start), "end_at", "value_error", "end_at must be after start_at")
	}
}

// budgetCents turns the JSON number into whole cents (422 on fractions,
// negatives, NaN or more than 2^53-1).
func budgetCents(v *errs.Validator, f float64) int64 {
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > MaxBudgetCents || f != math.Trunc(f) {
		v.Add("budget_cents", "value_error", "budget_cents must be a whole number from 0 to %d", int64(MaxBudgetCents))
		return 0
	}
	return int64(f)
}

// normalizeCurrency upper-cases and checks the ISO 4217 shape (three
// letters; the code itself is not checked against the ISO list).
func normalizeCurrency(v *errs.Validator, c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	v.Check(currencyPattern.MatchString(c), "currency", "value_error", "currency must be a three-letter ISO 4217 code, e.g. USD")
	return c
}

// The list fields of a campaign are normalised by pkg/textset: trimmed,
// empty and repeated values dropped, at most Max values as sent (counted
// before any value is looked at); channels and agent ids are lower-cased,
// tags follow textset.TagRule.
var (
	channelRule = textset.Rule{Field: "channels", Noun: "channels", Max: MaxChannels, Fold: strings.ToLower}
	agentRule   = textset.Rule{Field: "agent_ids", Noun: "agents", Max: MaxAgents, Fold: strings.ToLower}
)

func validateChannels(v *errs.Validator, chs []string) {
	for _, c := range chs {
		v.OneOf("channels", c, Channels)
	}
}

// validateAgents checks the ids' shape only: there is no agents service
// yet, so whether an agent exists (and belongs to the company) cannot be
// checked.
func validateAgents(v *errs.Validator, agents []string) {
	for _, id := range agents {
		v.Check(ids.Valid(id), "agent_ids", "value_error", "agent id %q is not an id", truncate(id, 40))
	}
}

// checkOwner validates that owner is an active staff user of company
// (users service). An unknown owner is a 422, not a 404.
func (s *Service) checkOwner(ctx context.Context, company, owner string) error {
	var v errs.Validator
	if !ids.Valid(owner) {
		v.Add("owner_id", "value_error", "owner_id is not an id")
		return v.Err()
	}
	a, err := s.dir.LookupUser(ctx, owner)
	switch {
	case errors.Is(err, errs.ErrNotFound):
	case err != nil:
		return fmt.Errorf("check owner: %w", err)
	case a.CompanyID == company && a.Active && slices.Contains(ownerRoles, a.Role):
		return nil
	}
	v.Add("owner_id", "value_error", "owner_id must be an active staff user of the campaign's company")
	return v.Err()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Millisecond)
	return &u
}
