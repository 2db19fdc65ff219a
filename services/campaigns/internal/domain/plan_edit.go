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
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// UpdatePlanInput replaces a proposed plan's pieces.
type UpdatePlanInput struct {
	CampaignID, PlanID string
	Version            int64
	Pieces             []Piece
}

// UpdatePlan edits a proposed plan in one versioned write: a piece whose
// id the plan has is changed, a piece left out is dropped, a piece
// without id is added (numbered p<n>, never reusing an id). The pieces
// are checked as a whole (checkPieces, every problem at once); the target
// dates must lie inside the campaign's [start_at, end_at]. Only proposed
// plans change (409 otherwise).
func (s *Plans) UpdatePlan(ctx context.Context, p principal.Principal, in UpdatePlanInput) (Plan, error) {
	c, pl, sc, err := s.planForWrite(ctx, p, in.CampaignID, in.PlanID)
	if err != nil {
		return Plan{}, err
	}
	var v errs.Validator
	v.Check(in.Version >= 1, "version", "missing", "version is required")
	v.Check(len(in.Pieces) >= 1 && len(in.Pieces) <= MaxPlanPieces, "pieces", "value_error",
		"a plan has 1 to %d pieces (reject the plan to drop them all)", MaxPlanPieces)
	if err := v.Err(); err != nil {
		return Plan{}, err
	}
	if pl.Status != PlanProposed {
		return Plan{}, errs.New(errs.ErrConflict, "Plan is %s: only a proposed plan can be edited", pl.Status)
	}
	next := pl.NextPiece
	pieces := make([]Piece, 0, len(in.Pieces))
	for i, pc := range in.Pieces {
		pc.ID = strings.TrimSpace(pc.ID)
		switch {
		case pc.ID == "":
			pc.ID = fmt.Sprintf("p%d", next)
			next++
		case !slices.ContainsFunc(pl.Pieces, func(o Piece) bool { return o.ID == pc.ID }):
			v.Add(fmt.Sprintf("pieces.%d.id", i), "value_error", "piece %q is not a piece of this plan", truncate(pc.ID, 40))
		case slices.ContainsFunc(pieces, func(o Piece) bool { return o.ID == pc.ID }):
			v.Add(fmt.Sprintf("pieces.%d.id", i), "value_error", "piece %q appears twice", pc.ID)
		}
		pc.Title, pc.Brief = strings.TrimSpace(pc.Title), strings.TrimSpace(pc.Brief)
		pc.Type, pc.Channel = strings.ToLower(strings.TrimSpace(pc.Type)), strings.ToLower(strings.TrimSpace(pc.Channel))
		pc.TargetDate, pc.TicketID = pc.TargetDate.UTC().Truncate(time.Millisecond), ""
		pieces = append(pieces, pc)
	}
	if err := v.Err(); err != nil {
		return Plan{}, err
	}
	channels := c.Channels
	if len(channels) == 0 {
		channels = Channels
	}
	if err := checkPieces(pieces, c, channels, pl.Sources); err != nil {
		return Plan{}, err
	}
	return s.plans.UpdatePlan(ctx, sc, pl.ID, in.Version, PlanChanges{Pieces: &pieces, NextPiece: &next, UpdatedAt: s.now()})
}

// checkPieces checks a plan's pieces against the campaign: a title
// (1..MaxPieceTitle), a ticket type, a channel of channels, a brief up to
// MaxPieceBrief, a target date inside [start_at, end_at] and sources the
// plan has.
func checkPieces(pieces []Piece, c Campaign, channels []string, sources []PlanSource) error {
	var v errs.Validator
	if c.StartAt == nil || c.EndAt == nil {
		v.Add("campaign", "value_error", "The campaign needs start_at and end_at for its plan's target dates")
		return v.Err()
	}
	for i, pc := range pieces {
		field := func(name string) string { return fmt.Sprintf("pieces.%d.%s", i, name) }
		n := len([]rune(pc.Title))
		v.Check(n >= 1 && n <= MaxPieceTitle, field("title"), "value_error", "title must be 1 to %d characters", MaxPieceTitle)
		v.Check(slices.Contains(content.TicketTypes, pc.Type), field("type"), "literal_error",
			"type must be one of %s", strings.Join(content.TicketTypes, ", "))
		v.Check(slices.Contains(channels, pc.Channel), field("channel"), "literal_error",
			"channel must be one of %s", strings.Join(channels, ", "))
		validateText(&v, field("brief"), pc.Brief, MaxPieceBrief)
		v.Check(!pc.TargetDate.Before(*c.StartAt) && !pc.TargetDate.After(*c.EndAt), field("target_date"), "value_error",
			"target_date must be inside the campaign, from %s to %s", c.StartAt.Format(time.RFC3339), c.EndAt.Format(time.RFC3339))
		for _, n := range pc.Sources {
			v.Check(slices.ContainsFunc(sources, func(s PlanSource) bool { return s.N == n }), field("sources"), "value_error",
				"source %d is not one of the plan's sources", n)
		}
	}
	return v.Err()
}

// RejectPlan closes a proposed plan without tickets (note ≤ MaxNote).
// Rejecting a rejected plan again changes nothing; an accepted (or
// accepting) plan is 409. version 0 rejects the current version.
func (s *Plans) RejectPlan(ctx context.Context, p principal.Principal, campaignID, planID string, version int64, note string) (Plan, error) {
	_, pl, sc, err := s.planForWrite(ctx, p, campaignID, planID)
	if err != nil {
		return Plan{}, err
	}
	var v errs.Validator
	validateText(&v, "note", note, MaxNote)
	if err := v.Err(); err != nil {
		return Plan{}, err
	}
	switch {
	case pl.Status == PlanRejected:
		return pl, nil
	case pl.Status != PlanProposed:
		return Plan{}, errs.New(errs.ErrConflict, "Plan is %s: only a proposed plan can be rejected", pl.Status)
	case version != 0 && version != pl.Version:
		return Plan{}, PlanStaleError(pl.Version)
	}
	now, status, note := s.now(), PlanRejected, strings.TrimSpace(note)
	return s.plans.UpdatePlan(ctx, sc, pl.ID, pl.Version, PlanChanges{Status: &status, DecidedBy: &p.UserID, DecidedAt: &now, Note: &note, UpdatedAt: now})
}

// planForWrite reads the campaign and its plan for a manager.
func (s *Plans) planForWrite(ctx context.Context, p principal.Principal, campaignID, planID string) (Campaign, Plan, Scope, error) {
	c, _, err := s.getForWrite(ctx, p, campaignID)
	if err != nil {
		return Campaign{}, Plan{}, Scope{}, err
	}
	sc := planScope(c)
	pl, err := s.plans.GetPlan(ctx, sc, c.ID, planID)
	return c, pl, sc, err
}

// planScope is the scope of a campaign's plans: the campaign's company,
// once the campaign was read in the caller's scope (so that every plan
// query has the company, a superadmin's too).
func planScope(c Campaign) Scope { return tenancy.OneCompany(c.CompanyID) }
