package domain

import (
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/workflow"
)

// who says which callers may take a workflow step (bits, OR-ed).
type who uint8

const (
	// byManager: superadmin, company_admin, content_manager.
	byManager who = 1 << iota
	// byAssignee: the user the ticket is assigned to.
	byAssignee
	// byClient: a client who sees the ticket (created or follows it).
	byClient
	// byCreator: the user who created the ticket.
	byCreator
)

// Workflow is ARCHITECTURE §4 with the role rules of the tickets issue:
// writers move their assigned tickets open → in_progress → in_review (and
// back to work after changes are requested); clients and managers approve
// or request changes in review; managers publish, close, reopen and
// cancel; the creator may cancel their own open ticket. Managers may take
// every step. A step missing here is illegal (409), whoever asks.
var Workflow = workflow.New(Statuses, workflow.Steps[who]{
	StatusOpen: {
		StatusInProgress: byManager | byAssignee,
		StatusCancelled:  byManager | byCreator,
	},
	StatusInProgress: {
		StatusInReview:  byManager | byAssignee,
		StatusCancelled: byManager,
	},
	StatusInReview: {
		StatusApproved:         byManager | byClient,
		StatusChangesRequested: byManager | byClient,
		StatusCancelled:        byManager,
	},
	StatusChangesRequested: {
		StatusInProgress: byManager | byAssignee,
		StatusCancelled:  byManager,
	},
	StatusApproved: {
		StatusPublished: byManager,
		StatusCancelled: byManager,
	},
	StatusPublished: {
		StatusClosed:    byManager,
		StatusCancelled: byManager,
	},
	StatusClosed: {
		StatusOpen: byManager,
	},
	StatusCancelled: {},
}, workflow.Words{Denied: "this ticket"})

// CheckTransition decides whether p may move t to status `to`: an illegal
// step is errs.ErrInvalidTransition (409) naming the allowed steps, a
// legal step p may not take is errs.ErrPermissionDenied (403).
func CheckTransition(p principal.Principal, t Ticket, to string) error {
	var mine who
	if isManager(p) {
		mine |= byManager
	}
	if t.AssigneeID != "" && t.AssigneeID == p.UserID {
		mine |= byAssignee
	}
	if p.Role == principal.RoleClient {
		// The store only hands a client the tickets it created or follows.
		mine |= byClient
	}
	if t.CreatedBy == p.UserID {
		mine |= byCreator
	}
	return Workflow.Check(t.Status, to, mine)
}
