package domain

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
)

// ScheduleBatch bounds how many campaigns one tick moves per kind of step;
// the rest wait for the next tick.
const ScheduleBatch = 200

// ScheduleResult tells what one tick did.
type ScheduleResult struct {
	// Started counts scheduled → active steps this caller made.
	Started int
	// Completed counts active → completed steps this caller made.
	Completed int
	// Lost counts steps another writer (a replica, a person) made first.
	Lost int
}

// RunSchedule takes the scheduler's steps that are due: scheduled
// campaigns whose start_at has come become active, then active campaigns
// whose end_at has passed become completed (so a campaign whose whole
// period went by while nothing ran is started and completed in one tick,
// both recorded). Each step is one versioned write: when several
// replicas tick at once, exactly one of them moves a campaign and records
// the change; the others see a conflict and count it as Lost. A paused
// campaign is never moved automatically.
func (s *Service) RunSchedule(ctx context.Context) (ScheduleResult, error) {
	var res ScheduleResult
	var errList []error
	for _, step := range []struct {
		to    string
		due   func(context.Context, time.Time, int64) ([]Campaign, error)
		count *int
		note  string
	}{
		{StatusActive, s.campaigns.DueToStart, &res.Started, "start_at reached"},
		{StatusCompleted, s.campaigns.DueToEnd, &res.Completed, "end_at passed"},
	} {
		due, err := step.due(ctx, s.now(), ScheduleBatch)
		if err != nil {
			errList = append(errList, fmt.Errorf("due campaigns (%s): %w", step.to, err))
			continue
		}
		for _, c := range due {
			moved, err := s.autoStep(ctx, c, step.to, step.note)
			switch {
			case err != nil:
				errList = append(errList, fmt.Errorf("campaign %s to %s: %w", c.ID, step.to, err))
			case moved:
				*step.count++
			default:
				res.Lost++
			}
		}
	}
	return res, errors.Join(errList...)
}

// stepTimeout bounds one automatic step, which outlives its scheduler's
// context.
const stepTimeout = 30 * time.Second

// autoStep moves c (as read by the due query) to `to` when the scheduler
// may take that step. It reports false when another writer changed the
// campaign first (the version claim decides; nothing is recorded then).
func (s *Service) autoStep(ctx context.Context, c Campaign, to, note string) (bool, error) {
	if !schedulerMay(c.Status, to) {
		return false, nil
	}
	// A step once begun is finished and recorded even if the scheduler is
	// stopped meanwhile: a write that lands while its context is cancelled
	// would otherwise move the campaign without a history entry.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stepTimeout)
	defer cancel()
	now := s.now()
	hist := entries("", now, c.Version+1, change{action: "status_changed", field: "status", from: c.Status, to: to, note: note})
	nc, err := s.campaigns.Update(ctx, Scope{CompanyID: c.CompanyID}, c.ID, c.Version, Changes{Status: &to, UpdatedAt: now, History: hist})
	if errors.Is(err, errs.ErrConflict) || errors.Is(err, errs.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	s.relay(ctx, nc)
	s.log.InfoContext(ctx, "campaign moved by the scheduler", "campaign_id", c.ID, "company_id", c.CompanyID, "from", c.Status, "to", to)
	return true, nil
}
