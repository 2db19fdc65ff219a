package domain

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/history"
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
		v.OneOf("status", to, Statuses)
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
	if ch.AgentIDs != nil {
		if err := s.checkAgents(ctx, c.CompanyID, *ch.AgentIDs); err != nil {
			return Campaign{}, err
		}
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
	ch.History = entries(p.UserID, now, in.Version+1, recs...)
	nc, err := s.campaigns.Update(ctx, sc, c.ID, in.Version, ch)
	if err != nil {
		return Campaign{}, err
	}
	return s.relay(ctx, nc), nil
}

// diff validates in against c and returns the store changes, the history
// records of the fields that really change, and c with them applied.
func diff(c Campaign, in UpdateInput) (Changes, []change, Campaign, error) {
	var v errs.Validator
	var ch Changes
	var recs []change
	next := c
	d := history.Diff{Updated: func(field, from, to string) {
		recs = append(recs, change{action: "updated", field: field, from: from, to: to})
	}}
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
		tags := textset.Tags(&v, *in.Tags)
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
	start, end := utcPtr(in.StartAt), utcPtr(in.EndAt)
	if in.ClearDates {
		v.Check(start == nil && end == nil, "clear_dates", "value_error", "clear_dates cannot be combined with start_at or end_at")
		v.Check(c.Status == StatusDraft, "clear_dates", "value_error", "only a draft campaign can lose its dates")
	}
	if start != nil {
		next.StartAt = start
	}
	if end != nil {
		next.EndAt = end
	}
	if in.ClearDates {
		next.StartAt, next.EndAt = nil, nil
	}
	validateDates(&v, next.StartAt, next.EndAt)
	if err := v.Err(); err != nil {
		return ch, nil, c, err
	}
	d.String("name", &ch.Name, in.Name, c.Name)
	d.String("description", &ch.Description, in.Description, c.Description)
	d.String("goal", &ch.Goal, in.Goal, c.Goal)
	d.String("audience", &ch.Audience, in.Audience, c.Audience)
	d.String("currency", &ch.Currency, in.Currency, c.Currency)
	d.String("owner_id", &ch.OwnerID, in.OwnerID, c.OwnerID)
	d.Strings("channels", &ch.Channels, in.Channels, c.Channels)
	d.Strings("agent_ids", &ch.AgentIDs, in.AgentIDs, c.AgentIDs)
	d.Strings("tags", &ch.Tags, in.Tags, c.Tags)
	if budget != nil && *budget != c.BudgetCents {
		ch.BudgetCents = budget
		d.Updated("budget_cents", strconv.FormatInt(c.BudgetCents, 10), strconv.FormatInt(*budget, 10))
	}
	if in.ClearDates { // then neither date is sent (checked above)
		clearedStart, clearedEnd := d.Cleared("start_at", c.StartAt), d.Cleared("end_at", c.EndAt)
		ch.ClearDates = clearedStart || clearedEnd
	}
	d.Time("start_at", &ch.StartAt, start, c.StartAt)
	d.Time("end_at", &ch.EndAt, end, c.EndAt)
	return ch, recs, next, nil
}

// ChangeStatus takes one workflow step (see Workflow and CheckTransition)
// with an optional note. Of two concurrent steps from the same version
// exactly one wins; the other is 409 and changes nothing.
func (s *Service) ChangeStatus(ctx context.Context, p principal.Principal, id, to, note string, version int64) (Campaign, error) {
	var v errs.Validator
	v.OneOf("status", to, Statuses)
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
	nc, err := s.campaigns.Update(ctx, sc, c.ID, version, Changes{Status: &to, UpdatedAt: now,
		History: entries(p.UserID, now, version+1, change{action: "status_changed", field: "status", from: c.Status, to: to, note: note})})
	if err != nil {
		return Campaign{}, fmt.Errorf("change campaign status: %w", err)
	}
	return s.relay(ctx, nc), nil
}
