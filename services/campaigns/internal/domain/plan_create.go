package domain

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/content"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/textset"
)

// CreatePlanInput asks for a plan of a campaign.
type CreatePlanInput struct {
	CampaignID, AgentID string
	Pieces              int
	Channels            []string
	Instructions        string
}

// planTimeout keeps a proposal the llm already wrote from being lost to
// a client that went away.
const planTimeout = 10 * time.Second

// CreatePlan has the agent propose a plan for the campaign and stores it
// as proposed. The campaign must be planned (both dates), not over and
// not archived or completed; the channels narrow the campaign's. The
// agent's answer is checked again here (checkPieces) before the one
// insert that stores the plan: nothing is stored when the agent or the
// check fails.
func (s *Plans) CreatePlan(ctx context.Context, p principal.Principal, in CreatePlanInput) (Plan, error) {
	c, _, err := s.getForWrite(ctx, p, in.CampaignID)
	if err != nil {
		return Plan{}, err
	}
	var v errs.Validator
	v.Check(in.Pieces >= 1 && in.Pieces <= MaxPlanPieces, "pieces", "value_error", "pieces must be from 1 to %d", MaxPlanPieces)
	v.Check(in.AgentID != "", "agent_id", "missing", "agent_id is required")
	validateText(&v, "instructions", in.Instructions, MaxPlanInstructions)
	channels := textset.Normalize(&v, channelRule, in.Channels)
	validateChannels(&v, channels)
	for _, ch := range channels {
		v.Check(len(c.Channels) == 0 || slices.Contains(c.Channels, ch), "channels", "value_error",
			"channel %q is not one of the campaign's channels", ch)
	}
	if err := v.Err(); err != nil {
		return Plan{}, err
	}
	start, err := s.planWindow(c)
	if err != nil {
		return Plan{}, err
	}
	if len(channels) == 0 {
		channels = c.Channels
	}
	if len(channels) == 0 {
		channels = Channels
	}
	prop, err := s.planner.ProposePlan(ctx, PlanRequest{AgentID: in.AgentID, Campaign: c, Pieces: in.Pieces, Channels: channels,
		Types: content.TicketTypes, Instructions: strings.TrimSpace(in.Instructions), WindowStart: start})
	if err != nil {
		return Plan{}, err
	}
	for i := range prop.Pieces {
		prop.Pieces[i].ID = fmt.Sprintf("p%d", i+1)
	}
	if len(prop.Pieces) > in.Pieces || checkPieces(prop.Pieces, c, channels, prop.Sources) != nil {
		s.log.ErrorContext(ctx, "agent proposed an invalid plan", "campaign_id", c.ID, "agent_id", in.AgentID)
		return Plan{}, errs.New(errs.ErrUnavailable, "The agent's plan did not fit the campaign; nothing was stored")
	}
	now := s.now()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), planTimeout)
	defer cancel()
	return s.plans.CreatePlan(ctx, Plan{
		CampaignID: c.ID, CompanyID: c.CompanyID, AgentID: in.AgentID, PersonaVersion: prop.PersonaVersion, Status: PlanProposed,
		Pieces: prop.Pieces, Sources: prop.Sources, Instructions: strings.TrimSpace(in.Instructions), Channels: channels,
		Model: prop.Model, Provider: prop.Provider, NextPiece: int64(len(prop.Pieces) + 1), Version: 1,
		CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now,
	})
}

// planWindow is where a new plan's target dates may go: from the later
// of start_at and now to end_at. A campaign without dates cannot be
// planned (422), an archived, completed or ended one neither (409).
func (s *Plans) planWindow(c Campaign) (time.Time, error) {
	if c.StartAt == nil || c.EndAt == nil {
		var v errs.Validator
		v.Add("campaign", "value_error", "The campaign needs start_at and end_at before it can be planned")
		return time.Time{}, v.Err()
	}
	if c.Status == StatusArchived || c.Status == StatusCompleted {
		return time.Time{}, errs.New(errs.ErrConflict, "The campaign is %s: it cannot be planned", c.Status)
	}
	start := *c.StartAt
	if now := s.now(); now.After(start) {
		start = now
	}
	if !start.Before(*c.EndAt) {
		return time.Time{}, errs.New(errs.ErrConflict, "The campaign has ended: it cannot be planned")
	}
	return start, nil
}
