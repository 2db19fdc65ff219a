package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// maxInstructions bounds a draft's extra instructions, in characters.
const maxInstructions = 4000

// TicketBrief is what a draft is written from: the ticket as the caller
// reads it from the tickets service.
type TicketBrief struct {
	ID, CompanyID, Title, Description, Type string
	Status, AgentID, AssigneeID, CampaignID string
}

// CampaignBrief is the brief of the ticket's campaign.
type CampaignBrief struct {
	Name, Goal, Audience string
}

// DraftWrite is a written draft, recorded by the tickets service.
type DraftWrite struct {
	TicketID       string
	Content        string
	AgentID        string
	PersonaVersion int64
	Citations      []Citation
}

// Tickets reads tickets and records drafts in the tickets service, with
// the caller's identity (tickets checks it again: only managers and the
// assignee may add a draft). R is the stored draft as tickets answers it;
// the domain passes it through.
type Tickets[R any] interface {
	Ticket(ctx context.Context, id string) (TicketBrief, error)
	AddDraft(ctx context.Context, d DraftWrite) (R, error)
}

// Campaigns reads a campaign's brief with the caller's identity.
type Campaigns interface {
	Brief(ctx context.Context, id string) (CampaignBrief, error)
}

// DraftInput asks for a draft of a ticket.
type DraftInput struct {
	TicketID, AgentID, Instructions string
}

// Draft has the agent (in.AgentID, else the ticket's) write a draft of the
// ticket from its title, description, type and campaign brief, grounded
// in the agent's knowledge like chat, and records it through the tickets
// service. Managers and the ticket's assignee only (403 before the llm is
// called). A failed retrieval or llm call stores nothing.
func Draft[R any](ctx context.Context, s *Service, tickets Tickets[R], campaigns Campaigns, p principal.Principal, in DraftInput) (R, error) {
	var zero R
	var v errs.Validator
	length(&v, "instructions", in.Instructions, 0, maxInstructions)
	if err := v.Err(); err != nil {
		return zero, err
	}
	if _, err := readScope(p, ""); err != nil {
		return zero, err
	}
	t, err := tickets.Ticket(ctx, in.TicketID)
	if err != nil {
		return zero, err
	}
	if !p.HasRole(ManagerRoles...) && (t.AssigneeID == "" || t.AssigneeID != p.UserID) {
		return zero, errs.New(errs.ErrPermissionDenied, "Only managers and the assignee may draft this ticket")
	}
	agent, err := s.draftAgent(ctx, t, in.AgentID)
	if err != nil {
		return zero, err
	}
	var brief CampaignBrief
	if t.CampaignID != "" {
		if brief, err = campaigns.Brief(ctx, t.CampaignID); err != nil && !errors.Is(err, errs.ErrNotFound) {
			return zero, err
		}
	}
	task := DraftTask(t, brief, strings.TrimSpace(in.Instructions))
	answer, chunks, err := s.generate(ctx, agent, strings.TrimSpace(t.Title+"\n"+t.Description), nil, task, nil)
	if err != nil {
		s.log.WarnContext(ctx, "draft failed", "ticket_id", t.ID, "agent_id", agent.ID, "error", err.Error())
		return zero, err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), draftTimeout) // the answer is paid for: keep it
	defer cancel()
	return tickets.AddDraft(ctx, DraftWrite{TicketID: t.ID, Content: answer.Text, AgentID: agent.ID,
		PersonaVersion: agent.PersonaVersion, Citations: Citations(answer.Text, chunks)})
}

// draftAgent is the named agent, else the ticket's: an active agent of
// the ticket's company (422 on agent_id otherwise; 409 when archived).
func (s *Service) draftAgent(ctx context.Context, t TicketBrief, named string) (Agent, error) {
	id := named
	if id == "" {
		id = t.AgentID
	}
	if id == "" {
		return Agent{}, fieldError("agent_id", "missing", "The ticket has no agent: name one in agent_id")
	}
	a, err := s.agents.Get(ctx, Company(t.CompanyID), id)
	if errors.Is(err, errs.ErrNotFound) {
		return Agent{}, fieldError("agent_id", "not_found", "No such agent in the ticket's company")
	}
	if err != nil {
		return Agent{}, err
	}
	if a.Status != StatusActive {
		return Agent{}, errs.New(errs.ErrConflict, "Agent is archived")
	}
	return a, nil
}

// DraftTask is the user message of a draft: the ticket, its campaign's
// brief and the caller's instructions.
func DraftTask(t TicketBrief, c CampaignBrief, instructions string) string {
	var b strings.Builder
	b.WriteString("Write a complete draft for this content request, ready for review.\n")
	line := func(label, v string) { labeled(&b, label, v) }
	line("Content type", t.Type)
	line("Title", t.Title)
	if d := strings.TrimSpace(t.Description); d != "" {
		fmt.Fprintf(&b, "Description:\n%s\n", d)
	}
	if c != (CampaignBrief{}) {
		b.WriteString("Campaign brief:\n")
		line("Campaign", c.Name)
		line("Goal", c.Goal)
		line("Audience", c.Audience)
	}
	if instructions != "" {
		fmt.Fprintf(&b, "Instructions for this draft:\n%s\n", instructions)
	}
	b.WriteString("Answer with the draft only.")
	return b.String()
}

// draftTimeout keeps a recorded draft from being lost to a client that
// went away after the llm answered.
const draftTimeout = 10 * time.Second

// fieldError is a 422 on one field.
func fieldError(field, typ, msg string) error {
	var v errs.Validator
	v.Check(false, field, typ, "%s", msg)
	return v.Err()
}
