package domain

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/pkg/textset"
)

// CreateInput is a new campaign.
type CreateInput struct {
	Name        string
	Description string
	Goal        string
	StartAt     *time.Time
	EndAt       *time.Time
	Channels    []string
	Audience    string
	BudgetCents float64
	Currency    string
	AgentIDs    []string
	Tags        []string
	OwnerID     string
	CompanyID   string
}

// Create stores a new draft campaign (managers). The owner defaults to the
// caller when the caller belongs to the campaign's company.
func (s *Service) Create(ctx context.Context, p principal.Principal, in CreateInput) (Campaign, error) {
	if !isManager(p) {
		return Campaign{}, errs.New(errs.ErrPermissionDenied, "Your role may only read campaigns")
	}
	company, err := tenancy.TargetCompany(ctx, p, in.CompanyID, tenancy.ActiveCompany(s.dir))
	if err != nil {
		return Campaign{}, err
	}
	if in.Currency == "" {
		in.Currency = DefaultCurrency
	}
	var v errs.Validator
	c := Campaign{
		CompanyID: company, Name: strings.TrimSpace(in.Name), Description: in.Description, Goal: in.Goal,
		Status: StatusDraft, StartAt: utcPtr(in.StartAt), EndAt: utcPtr(in.EndAt),
		Channels: textset.Normalize(&v, channelRule, in.Channels), Audience: in.Audience,
		AgentIDs: textset.Normalize(&v, agentRule, in.AgentIDs), Tags: textset.Normalize(&v, textset.TagRule, in.Tags),
		OwnerID: strings.TrimSpace(in.OwnerID), CreatedBy: p.UserID, Version: 1,
	}
	validateName(&v, c.Name)
	validateText(&v, "description", c.Description, MaxDescription)
	validateText(&v, "goal", c.Goal, MaxGoal)
	validateText(&v, "audience", c.Audience, MaxAudience)
	validateDates(&v, c.StartAt, c.EndAt)
	validateChannels(&v, c.Channels)
	validateAgents(&v, c.AgentIDs)
	textset.CheckTags(&v, c.Tags)
	c.BudgetCents = budgetCents(&v, in.BudgetCents)
	c.Currency = normalizeCurrency(&v, in.Currency)
	if err := v.Err(); err != nil {
		return Campaign{}, err
	}
	if err := s.checkAgents(ctx, company, c.AgentIDs); err != nil {
		return Campaign{}, err
	}
	switch {
	case c.OwnerID != "":
		if err := s.checkOwner(ctx, company, c.OwnerID); err != nil {
			return Campaign{}, err
		}
	case p.CompanyID == company:
		c.OwnerID = p.UserID
	}
	c.CreatedAt = s.now()
	c.UpdatedAt = c.CreatedAt
	c.Pending = entries(p.UserID, c.CreatedAt, 1, change{action: "created", field: "status", to: StatusDraft})
	c, err = s.campaigns.Create(ctx, c)
	if err != nil {
		return Campaign{}, fmt.Errorf("create campaign: %w", err)
	}
	return s.relay(ctx, c), nil
}

// Get reads a campaign p may see.
func (s *Service) Get(ctx context.Context, p principal.Principal, id string) (Campaign, error) {
	c, _, err := s.get(ctx, p, id)
	return c, err
}
