package domain

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// MaxPlanPieces bounds the pieces of one plan.
const MaxPlanPieces = 50

// PlanBrief is the campaign a plan is for, as the campaigns service read
// it for the caller.
type PlanBrief struct {
	CampaignID, CompanyID             string
	Name, Description, Goal, Audience string
	StartAt, EndAt                    time.Time
	BudgetCents                       int64
	Currency                          string
}

// PlanInput asks an agent for a content plan.
type PlanInput struct {
	AgentID      string
	Campaign     PlanBrief
	Pieces       int
	Channels     []string
	Types        []string
	Instructions string
	// WindowStart is the earliest target date; Campaign.EndAt the latest.
	WindowStart time.Time
}

// PlannedPiece is one proposed piece; Sources are numbers of the plan's
// sources.
type PlannedPiece struct {
	Title, Type, Channel, Brief string
	TargetDate                  time.Time
	Sources                     []int
}

// PlanSource is a knowledge chunk a plan draws on, numbered as the prompt
// numbered it.
type PlanSource struct {
	N       int
	ChunkID string
	Source  Source
}

// ProposedPlan is what the agent proposes.
type ProposedPlan struct {
	Pieces          []PlannedPiece
	Sources         []PlanSource
	PersonaVersion  int64
	Model, Provider string
}

// ProposePlan has an agent of the campaign's company propose a content
// plan: the campaign's brief and the company's knowledge in the agent's
// scope go into a prompt that asks for a JSON object following a schema
// (planSchema). The answer is parsed strictly (parsePlan); an answer that
// is no valid plan is asked for again once, with the reason, and a second
// one fails the call (503) — nothing half-parsed is ever returned.
// Managers only; another company's agent is 404, an archived one 409.
func (s *Service) ProposePlan(ctx context.Context, p principal.Principal, in PlanInput) (ProposedPlan, error) {
	if !p.HasRole(ManagerRoles...) {
		return ProposedPlan{}, errs.New(errs.ErrPermissionDenied, "Only managers may plan campaigns")
	}
	sc, err := readScope(p, in.Campaign.CompanyID)
	if err != nil {
		return ProposedPlan{}, err
	}
	if err := validatePlanInput(in); err != nil {
		return ProposedPlan{}, err
	}
	agent, err := s.agents.Get(ctx, sc, in.AgentID)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && agent.CompanyID != in.Campaign.CompanyID) {
		return ProposedPlan{}, errs.New(errs.ErrNotFound, "Agent not found")
	}
	if err != nil {
		return ProposedPlan{}, err
	}
	if agent.Status != StatusActive {
		return ProposedPlan{}, errs.New(errs.ErrConflict, "Agent is archived")
	}
	chunks, err := s.retrieve(ctx, agent, planQuery(in))
	if err != nil {
		return ProposedPlan{}, err
	}
	c := Completion{
		System: SystemPrompt(agent, chunks), Messages: []Turn{{Role: RoleUser, Content: PlanTask(in, len(chunks))}},
		Provider: agent.Model.Provider, Model: agent.Model.Model, Temperature: agent.Model.Temperature,
		MaxTokens: max(agent.Model.MaxTokens, s.cfg.PlanMaxTokens), JSONSchema: planSchema(in, len(chunks)),
	}
	// Billed to the caller's own company, a superadmin's too (Completion).
	for attempt := 1; ; attempt++ {
		answer, err := s.llm.Complete(ctx, c, nil)
		if err != nil {
			return ProposedPlan{}, err
		}
		pieces, perr := parsePlan(answer.Text, in, len(chunks))
		if perr == nil {
			return ProposedPlan{Pieces: pieces, Sources: planSources(pieces, chunks), PersonaVersion: agent.PersonaVersion,
				Model: answer.Model, Provider: answer.Provider}, nil
		}
		s.log.WarnContext(ctx, "plan answer invalid", "agent_id", agent.ID, "campaign_id", in.Campaign.CampaignID,
			"attempt", attempt, "error", perr.Error())
		if attempt == 2 {
			return ProposedPlan{}, errs.New(errs.ErrUnavailable,
				"The agent's answer was not a valid plan (twice): %s. Nothing was stored; try again", perr.Error())
		}
		c.Messages = append(c.Messages, Turn{Role: RoleAssistant, Content: nonEmpty(answer.Text)},
			Turn{Role: RoleUser, Content: "That answer is not a valid plan: " + perr.Error() +
				". Answer again with only the JSON object that follows the schema."})
	}
}

// validatePlanInput checks what the campaigns service sends (422).
func validatePlanInput(in PlanInput) error {
	var v errs.Validator
	v.Check(in.Pieces >= 1 && in.Pieces <= MaxPlanPieces, "pieces", "value_error", "pieces must be from 1 to %d", MaxPlanPieces)
	v.Check(len(in.Channels) > 0, "channels", "missing", "at least one channel is required")
	v.Check(len(in.Types) > 0, "types", "missing", "at least one type is required")
	length(&v, "instructions", in.Instructions, 0, maxInstructions)
	v.Check(!in.Campaign.EndAt.IsZero() && in.WindowStart.Before(in.Campaign.EndAt), "campaign", "value_error",
		"the campaign's window must end after it starts")
	return v.Err()
}

// planQuery is what the plan's knowledge is searched with.
func planQuery(in PlanInput) string {
	c := in.Campaign
	return strings.Join(strings.Fields(strings.Join([]string{c.Name, c.Goal, c.Audience, truncateRunes(c.Description, 500), in.Instructions}, " ")), " ")
}

// planSources are the chunks the pieces draw on, by number.
func planSources(pieces []PlannedPiece, chunks []Chunk) []PlanSource {
	used := map[int]bool{}
	for _, p := range pieces {
		for _, n := range p.Sources {
			used[n] = true
		}
	}
	out := []PlanSource{}
	for i, c := range chunks {
		if used[i+1] {
			out = append(out, PlanSource{N: i + 1, ChunkID: c.ID, Source: c.Source})
		}
	}
	return out
}

// nonEmpty keeps an empty answer a valid assistant turn.
func nonEmpty(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(empty answer)"
	}
	return s
}
