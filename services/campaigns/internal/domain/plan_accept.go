package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// AcceptPlan turns a proposed plan into tickets, one per piece (linked to
// the campaign and the plan's agent, due on the piece's target date,
// tagged with its channel), created with the caller's identity. It is
// one idempotent step made of retryable parts (no transactions):
//
//  1. the plan moves proposed → accepting (a versioned write: it freezes
//     the pieces; version 0 accepts the current version);
//  2. each piece's ticket is created under the idempotency key
//     "plan:<plan id>:<piece id>" (the tickets service creates it once
//     per key, also under concurrency and after a crash);
//  3. the plan moves accepting → accepted with the ticket ids.
//
// An accepted plan is returned as it is; a plan left accepting (a crash,
// the tickets service down) is finished by the next call. Two calls at
// once: the one that loses a step's version waits for the winner's write
// and carries on from it, so both answer the same accepted plan and the
// keys make sure no piece has two tickets.
func (s *Plans) AcceptPlan(ctx context.Context, p principal.Principal, campaignID, planID string, version int64) (Plan, error) {
	c, pl, sc, err := s.planForWrite(ctx, p, campaignID, planID)
	if err != nil {
		return Plan{}, err
	}
	switch pl.Status {
	case PlanAccepted:
		return pl, nil
	case PlanRejected:
		return Plan{}, errs.New(errs.ErrConflict, "Plan is rejected: it cannot be accepted")
	case PlanProposed:
		if version != 0 && version != pl.Version {
			return Plan{}, PlanStaleError(pl.Version)
		}
		if err := s.acceptable(ctx, c, pl); err != nil {
			return Plan{}, err
		}
		now, st := s.now(), PlanAccepting
		pl, err = s.step(ctx, sc, pl, PlanChanges{Status: &st, DecidedBy: &p.UserID, DecidedAt: &now, UpdatedAt: now}, PlanAccepting, PlanAccepted)
		if err != nil || pl.Status == PlanAccepted {
			return pl, err
		}
	}
	pieces := slices.Clone(pl.Pieces)
	for i := range pieces {
		if pieces[i].TicketID != "" {
			continue
		}
		id, err := s.makers.CreateTicket(ctx, ticketOf(p, pl, pieces[i]))
		if err != nil {
			s.log.WarnContext(ctx, "plan acceptance stopped; the next accept finishes it", "plan_id", pl.ID, "piece", pieces[i].ID, "error", err.Error())
			return Plan{}, fmt.Errorf("create the ticket of piece %s: %w", pieces[i].ID, err)
		}
		pieces[i].TicketID = id
	}
	st := PlanAccepted
	return s.step(ctx, sc, pl, PlanChanges{Status: &st, Pieces: &pieces, UpdatedAt: s.now()}, PlanAccepted)
}

// acceptable checks that the plan's pieces still fit the campaign (its
// dates may have moved since) and that the agent still exists.
func (s *Plans) acceptable(ctx context.Context, c Campaign, pl Plan) error {
	if c.Status == StatusArchived {
		return errs.New(errs.ErrConflict, "The campaign is archived: its plans cannot be accepted")
	}
	channels := c.Channels
	if len(channels) == 0 {
		channels = Channels
	}
	if err := checkPieces(pl.Pieces, c, append(slices.Clone(channels), pl.Channels...), pl.Sources); err != nil {
		return err
	}
	missing, err := s.agents.MissingAgents(ctx, c.CompanyID, []string{pl.AgentID})
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return errs.New(errs.ErrConflict, "The plan's agent no longer exists: propose a new plan")
	}
	return nil
}

// ticketOf is the ticket of a piece.
func ticketOf(p principal.Principal, pl Plan, pc Piece) PlannedTicket {
	var b strings.Builder
	b.WriteString(pc.Brief)
	for _, n := range pc.Sources {
		for _, src := range pl.Sources {
			if src.N == n {
				fmt.Fprintf(&b, "\nSource [%d]: %s %s", n, src.Title, src.Ref)
			}
		}
	}
	t := PlannedTicket{Key: "plan:" + pl.ID + ":" + pc.ID, Title: pc.Title, Description: strings.TrimSpace(b.String()), Type: pc.Type,
		Channel: pc.Channel, CampaignID: pl.CampaignID, AgentID: pl.AgentID, DueAt: pc.TargetDate}
	if p.CompanyID != pl.CompanyID {
		t.CompanyID = pl.CompanyID // a superadmin acting for the plan's company
	}
	return t
}

// stepPoll is how often a step that lost its version looks for the
// winner's write.
const stepPoll = 25 * time.Millisecond

// step writes ch at pl's version. When a concurrent writer took the
// version first, it waits (up to awaitStep) for that write to land and
// returns the plan when its status is one of ok — a concurrent
// acceptance's step, which this call continues from — and the 409
// otherwise (an edit won).
func (s *Plans) step(ctx context.Context, sc Scope, pl Plan, ch PlanChanges, ok ...string) (Plan, error) {
	out, err := s.plans.UpdatePlan(ctx, sc, pl.ID, pl.Version, ch)
	if err == nil || !errors.Is(err, errs.ErrConflict) {
		return out, err
	}
	deadline := time.Now().Add(s.awaitStep)
	for {
		cur, gerr := s.plans.GetPlan(ctx, sc, pl.CampaignID, pl.ID)
		switch {
		case gerr != nil:
			return Plan{}, gerr
		case cur.Version > pl.Version && slices.Contains(ok, cur.Status):
			return cur, nil
		case cur.Version > pl.Version:
			return Plan{}, PlanStaleError(cur.Version)
		case time.Now().After(deadline):
			return Plan{}, err
		}
		t := time.NewTimer(stepPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return Plan{}, ctx.Err()
		case <-t.C:
		}
	}
}
