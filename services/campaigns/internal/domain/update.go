package domain

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/textset"
)

// UpdateInput carries the fields to change (nil: unchanged).
type UpdateInput struct {
	Version     int64
	Name        *string
	Description *string
	Goal        *string
	Status      *string
	StartAt     *time.Time
	EndAt       *time.Time
	ClearDates  bool
	Channels    *[]string
	Audience    *string
	BudgetCents *float64
	Currency    *string
	AgentIDs    *[]string
	Tags        *[]string
	OwnerID     *string
}

// Update changes a campaign's fields (managers). A status that differs
// from the current one is a workflow step (CheckTransition); everything
// changes in one version or not at all. An archived campaign only takes
// the step back to draft.
func (s *Service) Update(ctx context.Context, p principal.Principal, id string, in UpdateInput) (Campaign, error) {
	c, sc, err := s.getForWrite(ctx, p, id)
	if err != nil {
		return Campaign{}, err
	}
	if err := checkVersion(c, in.Version); err != nil {
		return Campaign{}, err
	}
	now := s.now()
	ch, recs, next, err := diff(c, in)
	if err != nil {
		return Campaign{}, err
	}
	if len(recs) > 0 && c.Status == StatusArchived {
		return Campaign{}, errs.New(errs.ErrInvalidTransition, "Campaign is archived; restore it to draft to edit it")
	}
	if in.Status != nil && *in.Status != c.Status {
		to := *in.Status
		var v errs.Validator
		validateEnum(&v, "status", to, Statuses)
		if err := v.Err(); err != nil {
			return Campaign{}, err
		}
		if err := CheckTransition(p, c, to); err != nil {
			return Campaign{}, err
		}
		if err := checkReady(next, to, now); err != nil {
			return Campaign{}, err
		}
		ch.Status = &to
		recs = append(recs, change{action: "status_changed", field: "status", from: c.Status, to: to})
	}
	if ch.OwnerID != nil {
		if err := s.checkOwner(ctx, c.CompanyID, *ch.OwnerID); err != nil {
			return Campaign{}, err
		}
	}
	if len(recs) == 0 {
		return c, nil // nothing changes: no new version, no history
	}
	ch.UpdatedAt = now
	nc, err := s.campaigns.Update(ctx, sc, c.ID, in.Version, ch)
	if err != nil {
		return Campaign{}, err
	}
	s.record(ctx, p.UserID, false, nc, recs...)
	return nc, nil
}

// diff validates in against c and returns the store changes, the history
// records of the fields that really change, and c with them applied.
func diff(c Campaign, in UpdateInput) (Changes, []change, Campaign, error) {
	var v errs.Validator
	var ch Changes
	var recs []change
	next := c
	str := func(field string, dst **string, val *string, old string) {
		if val != nil && *val != old {
			*dst = val
			recs = append(recs, change{action: "updated", field: field, from: old, to: *val})
		}
	}
	list := func(field string, dst **[]string, val *[]string, old []string) {
		if val != nil && !slices.Equal(*val, old) {
			*dst = val
			recs = append(recs, change{action: "updated", field: field, from: strings.Join(old, ","), to: strings.Join(*val, ",")})
		}
	}
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		validateName(&v, name)
		in.Name = &name
	}
	if in.Description != nil {
		validateText(&v, "description", *in.Description, MaxDescription)
	}
	if in.Goal != nil {
		validateText(&v, "goal", *in.Goal, MaxGoal)
	}
	if in.Audience != nil {
		validateText(&v, "audience", *in.Audience, MaxAudience)
	}
	if in.Channels != nil {
		chs := textset.Normalize(&v, channelRule, *in.Channels)
		validateChannels(&v, chs)
		in.Channels = &chs
	}
	if in.AgentIDs != nil {
		agents := textset.Normalize(&v, agentRule, *in.AgentIDs)
		validateAgents(&v, agents)
		in.AgentIDs = &agents
	}
	if in.Tags != nil {
		tags := textset.Normalize(&v, tagRule, *in.Tags)
		validateTags(&v, tags)
		in.Tags = &tags
	}
	if in.Currency != nil {
		cur := normalizeCurrency(&v, *in.Currency)
		in.Currency = &cur
	}
	var budget *int64
	if in.BudgetCents != nil {
		b := budgetCents(&v, *in.BudgetCents)
		budget = &b
	}
	if in.OwnerID != nil {
		owner := strings.TrimSpace(*in.OwnerID)
		in.OwnerID = &owner
	}
	start, end := in.StartAt, in.EndAt
	if in.ClearDates {
		v.Check(start == nil && end == nil, "clear_dates", "value_error", "clear_dates cannot be combined with start_at or end_at")
		v.Check(c.Status == StatusDraft, "clear_dates", "value_error", "only a draft campaign can lose its dates")
	}
	next.StartAt, next.EndAt = c.StartAt, c.EndAt
	if start != nil {
		next.StartAt = utcPtr(start)
	}
	if end != nil {
		next.EndAt = utcPtr(end)
	}
	if in.ClearDates {
		next.StartAt, next.EndAt = nil, nil
	}
	validateDates(&v, next.StartAt, next.EndAt)
	if err := v.Err(); err != nil {
		return ch, nil, c, err
	}
	str("name", &ch.Name, in.Name, c.Name)
	str("description", &ch.Description, in.Description, c.Description)
	str("goal", &ch.Goal, in.Goal, c.Goal)
	str("audience", &ch.Audience, in.Audience, c.Audience)
	str("currency", &ch.Currency, in.Currency, c.Currency)
	str("owner_id", &ch.OwnerID, in.OwnerID, c.OwnerID)
	list("channels", &ch.Channels, in.Channels, c.Channels)
	list("agent_ids", &ch.AgentIDs, in.AgentIDs, c.AgentIDs)
	list("tags", &ch.Tags, in.Tags, c.Tags)
	if budget != nil && *budget != c.BudgetCents {
		ch.BudgetCents = budget
		recs = append(recs, change{action: "updated", field: "budget_cents",
			from: strconv.FormatInt(c.BudgetCents, 10), to: strconv.FormatInt(*budget, 10)})
	}
	if in.ClearDates && (c.StartAt != nil || c.EndAt != nil) {
		ch.ClearDates = true
	}
	for _, d := range []struct {
		field     string
		dst       **time.Time
		old, next *time.Time
	}{{"start_at", &ch.StartAt, c.StartAt, next.StartAt}, {"end_at", &ch.EndAt, c.EndAt, next.EndAt}} {
		if !sameTime(d.old, d.next) {
			if d.next != nil {
				*d.dst = d.next
			}
			recs = append(recs, change{action: "updated", field: d.field, from: timeText(d.old), to: timeText(d.next)})
		}
	}
	return ch, recs, next, nil
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// ChangeStatus takes one workflow step (see Workflow and CheckTransition)
// with an optional note. Of two concurrent steps from the same version
// exactly one wins; the other is 409 and changes nothing.
func (s *Service) ChangeStatus(ctx context.Context, p principal.Principal, id, to, note string, version int64) (Campaign, error) {
	var v errs.Validator
	validateEnum(&v, "status", to, Statuses)
	validateText(&v, "note", note, MaxNote)
	if err := v.Err(); err != nil {
		return Campaign{}, err
	}
	c, sc, err := s.getForWrite(ctx, p, id)
	if err != nil {
		return Campaign{}, err
	}
	if err := checkVersion(c, version); err != nil {
		return Campaign{}, err
	}
	if err := CheckTransition(p, c, to); err != nil {
		return Campaign{}, err
	}
	now := s.now()
	if err := checkReady(c, to, now); err != nil {
		return Campaign{}, err
	}
	nc, err := s.campaigns.Update(ctx, sc, c.ID, version, Changes{Status: &to, UpdatedAt: now})
	if err != nil {
		return Campaign{}, fmt.Errorf("change campaign status: %w", err)
	}
	s.record(ctx, p.UserID, false, nc, change{action: "status_changed", field: "status", from: c.Status, to: to, note: note})
	return nc, nil
}
