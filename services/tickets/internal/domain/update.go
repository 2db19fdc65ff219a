package domain

import (
	"context"
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
	Title       *string
	Description *string
	Type        *string
	Priority    *string
	DueAt       *time.Time
	ClearDueAt  bool
	Tags        *[]string
	CampaignID  *string
	AgentID     *string
}

// Update changes a ticket's fields. Managers may always; the creator while
// the ticket is open; the assignee while working on it. The status, the
// assignee and the archive flag have their own operations.
func (s *Service) Update(ctx context.Context, p principal.Principal, id string, in UpdateInput) (Ticket, error) {
	t, sc, err := s.get(ctx, p, id)
	if err != nil {
		return Ticket{}, err
	}
	if !canEdit(p, t) {
		return Ticket{}, errs.New(errs.ErrPermissionDenied, "You may not edit this ticket in status %s", t.Status)
	}
	if err := checkVersion(t, in.Version); err != nil {
		return Ticket{}, err
	}
	ch, recs, err := diff(p, t, in)
	if err != nil {
		return Ticket{}, err
	}
	if len(recs) == 0 {
		return t, nil // nothing changes: no new version, no history
	}
	if err := s.checkRefs(ctx, t.CompanyID, deref(ch.AgentID), deref(ch.CampaignID)); err != nil {
		return Ticket{}, err
	}
	ch.UpdatedAt = s.now()
	ch.Events = events(p, ch.UpdatedAt, recs...)
	nt, err := s.tickets.Update(ctx, sc, t.ID, in.Version, ch)
	if err != nil {
		return Ticket{}, err
	}
	return s.relay(ctx, nt), nil
}

func canEdit(p principal.Principal, t Ticket) bool {
	switch {
	case isManager(p):
		return true
	case t.CreatedBy == p.UserID && t.Status == StatusOpen:
		return true
	case t.AssigneeID == p.UserID && (t.Status == StatusInProgress || t.Status == StatusChangesRequested):
		return true
	}
	return false
}

// diff validates in (from p) against t and returns the store changes and
// the history records of the fields that really change.
func diff(p principal.Principal, t Ticket, in UpdateInput) (Changes, []change, error) {
	var v errs.Validator
	var ch Changes
	var recs []change
	d := history.Diff{Updated: func(field, from, to string) {
		recs = append(recs, change{action: "updated", field: field, from: from, to: to})
	}}
	if in.Title != nil {
		title := strings.TrimSpace(*in.Title)
		validateTitle(&v, title)
		in.Title = &title
	}
	if in.Description != nil {
		v.Check(len(*in.Description) <= MaxDescription, "description", "string_too_long", "description must be at most %d characters", MaxDescription)
	}
	if in.Type != nil {
		v.OneOf("type", *in.Type, Types)
	}
	if in.Priority != nil {
		v.OneOf("priority", *in.Priority, Priorities)
	}
	if in.Tags != nil {
		tags := textset.Tags(&v, *in.Tags)
		in.Tags = &tags
	}
	v.Check(!in.ClearDueAt || in.DueAt == nil, "clear_due_at", "value_error", "clear_due_at cannot be combined with due_at")
	for _, r := range []struct {
		field string
		val   **string
		old   string
	}{{"campaign_id", &in.CampaignID, t.CampaignID}, {"agent_id", &in.AgentID, t.AgentID}} {
		if *r.val == nil {
			continue
		}
		id := normalizeRef(**r.val)
		*r.val = &id
		if id == r.old {
			continue // unchanged: also fine from a client
		}
		if err := refDenied(p, r.field); err != nil {
			return ch, nil, err
		}
		validateRef(&v, r.field, id)
	}
	if err := v.Err(); err != nil {
		return ch, nil, err
	}
	d.String("title", &ch.Title, in.Title, t.Title)
	d.String("description", &ch.Description, in.Description, t.Description)
	d.String("type", &ch.Type, in.Type, t.Type)
	d.String("priority", &ch.Priority, in.Priority, t.Priority)
	d.String("campaign_id", &ch.CampaignID, in.CampaignID, t.CampaignID)
	d.String("agent_id", &ch.AgentID, in.AgentID, t.AgentID)
	d.Strings("tags", &ch.Tags, in.Tags, t.Tags)
	if in.ClearDueAt { // then due_at is not sent (checked above)
		ch.ClearDueAt = d.Cleared("due_at", t.DueAt)
	} else {
		d.Time("due_at", &ch.DueAt, utcPtr(in.DueAt), t.DueAt)
	}
	return ch, recs, nil
}

// deref is *p, or "" for nil.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
