// Package scheduler runs the campaigns' automatic steps (scheduled →
// active at start_at, active → completed after end_at) in every replica.
// Replicas share the work through Mongo, never through process-local
// timers: each period's scan is leased (mongox.TakeLease of period n of
// "tick:<interval>"; only one replica wins it), and each step is a
// versioned write that exactly one writer wins
// (domain.Service.RunSchedule). The lease only
// saves duplicate scans; correctness comes from the per-step claim, so a
// replica whose clock is off, or a lease that expires mid-scan, still
// cannot move a campaign twice.
package scheduler

import (
	"context"
	"log/slog"
	"time"

	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// Stepper takes the due steps (domain.Service).
type Stepper interface {
	RunSchedule(ctx context.Context) (domain.ScheduleResult, error)
}

// Leases are the periods' leases in Mongo (store.Leases).
type Leases interface {
	// Take leases period n of key until `until`; only one caller wins.
	Take(ctx context.Context, key string, n int64, until time.Time) (bool, error)
	// Purge removes leases that ended before `before`.
	Purge(ctx context.Context, before time.Time) error
}

// Scheduler ticks every Interval.
type Scheduler struct {
	steps    Stepper
	leases   Leases
	interval time.Duration
	log      *slog.Logger
	now      func() time.Time
}

// New returns a scheduler; interval is SCHEDULER_INTERVAL.
func New(steps Stepper, leases Leases, interval time.Duration, log *slog.Logger) *Scheduler {
	return &Scheduler{steps: steps, leases: leases, interval: interval, log: log, now: time.Now}
}

// Run ticks at once and then every interval until ctx ends. Errors are
// logged; the next tick retries.
func (s *Scheduler) Run(ctx context.Context) {
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		if _, _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "campaign scheduler tick failed", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick claims this period's lease and, when it wins, takes the due steps.
// ran reports whether this replica scanned.
func (s *Scheduler) Tick(ctx context.Context) (ran bool, res domain.ScheduleResult, err error) {
	now := s.now().UTC()
	period := now.UnixNano() / int64(s.interval)
	end := time.Unix(0, (period+1)*int64(s.interval)).UTC()
	won, err := s.leases.Take(ctx, "tick:"+s.interval.String(), period, end)
	if err != nil || !won {
		return false, res, err
	}
	res, err = s.steps.RunSchedule(ctx)
	if res.Started+res.Completed > 0 {
		s.log.InfoContext(ctx, "campaign scheduler tick", "started", res.Started, "completed", res.Completed, "lost", res.Lost)
	}
	if perr := s.leases.Purge(ctx, now.Add(-max(time.Hour, 10*s.interval))); perr != nil && err == nil {
		err = perr
	}
	return true, res, err
}
