package domain

import (
	"context"
	"errors"
	"time"

	"github.com/copydesk/copydesk/pkg/workflow"
)

// Statuses of a content plan.
const (
	PlanProposed  = "proposed"
	PlanAccepting = "accepting" // accepted, tickets being created
	PlanAccepted  = "accepted"
	PlanRejected  = "rejected"
)

// PlanStatuses lists every plan status.
var PlanStatuses = []string{PlanProposed, PlanAccepting, PlanAccepted, PlanRejected}

// Limits of a plan.
const (
	MaxPlanPieces       = 50
	MaxPieceTitle       = 200
	MaxPieceBrief       = 4000
	MaxPlanInstructions = 4000
)

// Plan is a set of proposed pieces of content for a campaign.
type Plan struct {
	ID, CampaignID, CompanyID, AgentID string
	PersonaVersion                     int64
	Status                             string
	Pieces                             []Piece
	Sources                            []PlanSource
	Instructions                       string
	Channels                           []string
	Model, Provider                    string
	// NextPiece numbers the next added piece (p<NextPiece>).
	NextPiece            int64
	Version              int64
	CreatedBy            string
	CreatedAt, UpdatedAt time.Time
	DecidedBy            string
	DecidedAt            *time.Time
	Note                 string
}

// Piece is one piece of content of a plan; TicketID is set once the plan
// is accepted.
type Piece struct {
	ID, Title, Type, Channel, Brief string
	TargetDate                      time.Time
	Sources                         []int
	TicketID                        string
}

// PlanSource is a knowledge chunk a plan draws on; pieces refer to it by N.
type PlanSource struct {
	N                                  int
	ChunkID, SourceID, Title, Ref, URL string
}

// PlanChanges are the fields a plan update sets; nil is untouched.
type PlanChanges struct {
	Status    *string
	Pieces    *[]Piece
	NextPiece *int64
	DecidedBy *string
	DecidedAt *time.Time
	Note      *string
	UpdatedAt time.Time
}

// PlanStore keeps plans. Every method takes the tenant scope; a plan
// outside it, or of another campaign, is errs.ErrNotFound.
type PlanStore interface {
	CreatePlan(ctx context.Context, p Plan) (Plan, error)
	GetPlan(ctx context.Context, sc Scope, campaignID, id string) (Plan, error)
	ListPlans(ctx context.Context, sc Scope, campaignID string, statuses []string, pg Page) ([]Plan, int64, error)
	// UpdatePlan moves the plan from version to version+1 (of concurrent
	// writers exactly one wins; the others get PlanStaleError).
	UpdatePlan(ctx context.Context, sc Scope, id string, version int64, ch PlanChanges) (Plan, error)
}

// PlanRequest is what the planning agent is asked (agents service,
// PlanService.ProposePlan, with the caller's identity).
type PlanRequest struct {
	AgentID      string
	Campaign     Campaign
	Pieces       int
	Channels     []string
	Types        []string
	Instructions string
	WindowStart  time.Time
}

// Proposal is what the agent proposed.
type Proposal struct {
	Pieces          []Piece
	Sources         []PlanSource
	PersonaVersion  int64
	Model, Provider string
}

// Planner asks an agent for a plan on behalf of the caller in ctx.
type Planner interface {
	ProposePlan(ctx context.Context, r PlanRequest) (Proposal, error)
}

// PlannedTicket is the ticket of an accepted piece.
type PlannedTicket struct {
	Key                               string // idempotency key: plan:<plan id>:<piece id>
	CompanyID                         string // set when the caller acts for another company
	Title, Description, Type, Channel string
	CampaignID, AgentID               string
	DueAt                             time.Time
}

// TicketMaker creates tickets with the tickets service on behalf of the
// caller in ctx; a repeated key returns the key's ticket and creates
// nothing.
type TicketMaker interface {
	CreateTicket(ctx context.Context, t PlannedTicket) (string, error)
}

// PlanDeps are the collaborators of the plan use cases.
type PlanDeps struct {
	Plans   PlanStore
	Planner Planner
	Tickets TicketMaker
	// AwaitStep bounds how long an acceptance waits for a concurrent
	// acceptance's step to land (default 5s).
	AwaitStep time.Duration
}

// Plans implements the content plan use cases on top of the campaigns.
type Plans struct {
	*Service
	plans     PlanStore
	planner   Planner
	makers    TicketMaker
	awaitStep time.Duration
}

// NewPlans checks deps and returns the plan use cases of s.
func NewPlans(s *Service, d PlanDeps) (*Plans, error) {
	if s == nil || d.Plans == nil || d.Planner == nil || d.Tickets == nil {
		return nil, errors.New("campaigns plans: missing dependency")
	}
	if d.AwaitStep <= 0 {
		d.AwaitStep = 5 * time.Second
	}
	return &Plans{Service: s, plans: d.Plans, planner: d.Planner, makers: d.Tickets, awaitStep: d.AwaitStep}, nil
}

// PlanStaleError is the 409 of a plan write based on an old version.
func PlanStaleError(current int64) error { return workflow.Stale("Plan", current) }
