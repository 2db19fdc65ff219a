package domain

import (
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/workflow"
)

// who says which actors may take a workflow step (bits, OR-ed).
type who uint8

const (
	// byManager: superadmin, company_admin, content_manager.
	byManager who = 1 << iota
	// byAdmin: superadmin, company_admin.
	byAdmin
	// byScheduler: the service's scheduler, at start_at / after end_at.
	byScheduler
)

// Workflow is the campaign life cycle. Managers plan (draft ⇄ scheduled),
// start early, pause and resume, finish early and archive; only admins
// restore an archived campaign to draft. The scheduler takes exactly two
// steps: scheduled → active at start_at and active → completed after
// end_at (a paused campaign waits for a person). A step missing here is
// illegal (409), whoever asks; content writers and clients take none.
var Workflow = workflow.New(Statuses, workflow.Steps[who]{
	StatusDraft: {
		StatusScheduled: byManager,
		StatusArchived:  byManager,
	},
	StatusScheduled: {
		StatusDraft:  byManager,
		StatusActive: byManager | byScheduler,
	},
	StatusActive: {
		StatusPaused:    byManager,
		StatusCompleted: byManager | byScheduler,
	},
	StatusPaused: {
		StatusActive:    byManager,
		StatusCompleted: byManager,
	},
	StatusCompleted: {
		StatusArchived: byManager,
	},
	StatusArchived: {
		StatusDraft: byAdmin,
	},
}, workflow.Words{Illegal: "a campaign", Denied: "a campaign"})

// CheckTransition decides whether p may move c to status `to`: an illegal
// step is errs.ErrInvalidTransition (409) naming the allowed steps, a
// legal step p may not take is errs.ErrPermissionDenied (403).
func CheckTransition(p principal.Principal, c Campaign, to string) error {
	var mine who
	if isManager(p) {
		mine |= byManager
	}
	if p.HasRole(AdminRoles...) {
		mine |= byAdmin
	}
	return Workflow.Check(c.Status, to, mine)
}

// schedulerMay reports whether the scheduler takes the step from → to.
func schedulerMay(from, to string) bool { return Workflow.May(from, to, byScheduler) }

// checkReady validates the campaign c (with its changes applied) for
// entering status `to`: scheduling or starting needs both dates and an
// end still ahead.
func checkReady(c Campaign, to string, now time.Time) error {
	if to != StatusScheduled && to != StatusActive {
		return nil
	}
	var v errs.Validator
	v.Check(c.StartAt != nil, "start_at", "missing", "start_at is required to make a campaign %s", to)
	v.Check(c.EndAt != nil, "end_at", "missing", "end_at is required to make a campaign %s", to)
	if c.EndAt != nil {
		v.Check(c.EndAt.After(now), "end_at", "value_error", "end_at is in the past; a campaign cannot become %s", to)
	}
	return v.Err()
}
