package domain

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/pkg/textset"
)

// CreateInput is a new ticket.
type CreateInput struct {
	Title       string
	Description string
	Type        string
	Priority    string
	DueAt       *time.Time
	Tags        []string
	CampaignID  string
	AgentID     string
	CompanyID   string
}

// Create stores a new ticket, numbered per company; the creator follows it.
func (s *Service) Create(ctx context.Context, p principal.Principal, in CreateInput) (Ticket, error) {
	company, err := tenancy.TargetCompany(ctx, p, in.CompanyID, tenancy.ActiveCompany(s.dir))
	if err != nil {
		return Ticket{}, err
	}
	if in.Type == "" {
		in.Type = "other"
	}
	if in.Priority == "" {
		in.Priority = "normal"
	}
	in.Title = strings.TrimSpace(in.Title)
	var v errs.Validator
	in.Tags = textset.Normalize(&v, tagRule, in.Tags)
	in.CampaignID, in.AgentID = normalizeRef(in.CampaignID), normalizeRef(in.AgentID)
	if in.CampaignID != "" {
		if err := refDenied(p, "campaign_id"); err != nil {
			return Ticket{}, err
		}
	}
	if in.AgentID != "" {
		if err := refDenied(p, "agent_id"); err != nil {
			return Ticket{}, err
		}
	}
	validateTitle(&v, in.Title)
	v.Check(len(in.Description) <= MaxDescription, "description", "string_too_long", "description must be at most %d characters", MaxDescription)
	validateEnum(&v, "type", in.Type, Types)
	validateEnum(&v, "priority", in.Priority, Priorities)
	validateTags(&v, in.Tags)
	validateRef(&v, "campaign_id", in.CampaignID)
	validateRef(&v, "agent_id", in.AgentID)
	if err := v.Err(); err != nil {
		return Ticket{}, err
	}
	now := s.now()
	t, err := s.tickets.Create(ctx, Ticket{
		CompanyID: company, Title: in.Title, Description: in.Description, Type: in.Type,
		Priority: in.Priority, Status: StatusOpen, DueAt: utcPtr(in.DueAt), Tags: in.Tags,
		CampaignID: in.CampaignID, AgentID: in.AgentID, Followers: []string{p.UserID},
		CreatedBy: p.UserID, Version: 1, CreatedAt: now, UpdatedAt: now,
	})
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	s.record(ctx, p, t, change{action: "created", field: "status", to: StatusOpen, event: EventCreated})
	return t, nil
}

func validateTitle(v *errs.Validator, title string) {
	v.Check(title != "", "title", "missing", "title is required")
	v.Check(len([]rune(title)) <= MaxTitle, "title", "string_too_long", "title must be at most %d characters", MaxTitle)
}

func validateEnum(v *errs.Validator, field, val string, allowed []string) {
	v.Check(slices.Contains(allowed, val), field, "literal_error", "%s must be one of %s", field, strings.Join(allowed, ", "))
}

// tagRule normalises tags: trimmed, empty and repeated ones dropped, at
// most MaxTags as sent (pkg/textset counts before it looks at any).
var tagRule = textset.Rule{Field: "tags", Noun: "tags", Max: MaxTags}

// validateTags checks the length of each normalised tag.
func validateTags(v *errs.Validator, tags []string) {
	for _, t := range tags {
		v.Check(len([]rune(t)) <= MaxTag, "tags", "string_too_long", "a tag must be at most %d characters", MaxTag)
	}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Millisecond)
	return &u
}
