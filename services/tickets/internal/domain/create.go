package domain

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

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
	// IdempotencyKey, when set, makes the create happen once per key and
	// company: a repeat answers the key's ticket and changes nothing.
	IdempotencyKey string
}

// MaxIdempotencyKey bounds an idempotency key, in characters.
const MaxIdempotencyKey = 200

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
	in.Tags = textset.Normalize(&v, textset.TagRule, in.Tags)
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
	v.OneOf("type", in.Type, Types)
	v.OneOf("priority", in.Priority, Priorities)
	textset.CheckTags(&v, in.Tags)
	validateRef(&v, "campaign_id", in.CampaignID)
	validateRef(&v, "agent_id", in.AgentID)
	v.Check(len([]rune(in.IdempotencyKey)) <= MaxIdempotencyKey && !strings.ContainsFunc(in.IdempotencyKey, unicode.IsControl),
		"idempotency_key", "value_error", "idempotency_key must be at most %d printable characters", MaxIdempotencyKey)
	if err := v.Err(); err != nil {
		return Ticket{}, err
	}
	if err := s.checkRefs(ctx, company, in.AgentID, in.CampaignID); err != nil {
		return Ticket{}, err
	}
	now := s.now()
	t := Ticket{
		CompanyID: company, Title: in.Title, Description: in.Description, Type: in.Type,
		Priority: in.Priority, Status: StatusOpen, DueAt: utcPtr(in.DueAt), Tags: in.Tags,
		CampaignID: in.CampaignID, AgentID: in.AgentID, Followers: []string{p.UserID},
		CreatedBy: p.UserID, Version: 1, CreatedAt: now, UpdatedAt: now,
		Pending: events(p, now, change{action: "created", field: "status", to: StatusOpen, event: EventCreated}),
	}
	if in.IdempotencyKey != "" {
		// created is false for a repeat: the key's ticket, whose events
		// its creator stored; relaying them again adds nothing twice.
		t, _, err = s.tickets.CreateOnce(ctx, t, in.IdempotencyKey)
	} else {
		t, err = s.tickets.Create(ctx, t)
	}
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	return s.relay(ctx, t), nil
}

func validateTitle(v *errs.Validator, title string) {
	v.Check(title != "", "title", "missing", "title is required")
	v.Check(len([]rune(title)) <= MaxTitle, "title", "string_too_long", "title must be at most %d characters", MaxTitle)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Millisecond)
	return &u
}
