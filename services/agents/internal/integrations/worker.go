package integrations

import (
	"context"
	"errors"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Tick is one round of the sync worker, run by every replica: start the
// scheduled jobs that are due, then advance every active job as far as
// this replica can claim its steps. A step is one page: its lease
// (job, step) is held by one worker; the progress after the page is
// written by that worker only, so two replicas never process one page at
// once, and a worker that died mid-page leaves a lease that another
// takes over once it has ended (the page is redone: ingesting an
// unchanged product is no work in knowledge).
func (s *Service) Tick(ctx context.Context) error {
	errSched := s.schedule(ctx)
	jobs, err := s.Jobs.Active(ctx, 100)
	if err != nil {
		return errors.Join(errSched, err)
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		if err := s.run(ctx, j); err != nil {
			s.Log.WarnContext(ctx, "sync job step failed", "job", j.ID, "error", err.Error())
		}
	}
	if err := s.Jobs.Purge(ctx, s.now().Add(-time.Hour)); err != nil {
		s.Log.WarnContext(ctx, "purge sync leases", "error", err.Error())
	}
	return errSched
}

// run advances job j step by step while this worker wins each step.
func (s *Service) run(ctx context.Context, j Job) error {
	for ctx.Err() == nil {
		now := s.now()
		won, err := s.Jobs.ClaimStep(ctx, j.ID, j.Step, s.owner, now, now.Add(s.Settings.SyncLease))
		if err != nil || !won {
			return err
		}
		// Re-read after the claim: a taken-over step continues from what
		// the dead holder saved.
		if j, err = s.Jobs.GetJob(ctx, j.ID); err != nil {
			return err
		}
		done, err := s.step(ctx, &j)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err() // interrupted: the step is redone by whoever claims it next
			}
			s.Log.WarnContext(ctx, "sync job failed", "job", j.ID, "company_id", j.CompanyID, "error", err.Error())
			j.addError(userText(err))
			j.Status = JobFailed
			done = true
		}
		if done {
			return s.finish(ctx, j)
		}
		j.Step++
		if err := s.Jobs.Save(ctx, j); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (s *Service) finish(ctx context.Context, j Job) error {
	now := s.now()
	if j.Status != JobFailed {
		j.Status = JobSucceeded
		if err := s.Store.Synced(ctx, j.CompanyID, j.IntegrationID, j.Watermark, now); err != nil {
			return err
		}
	}
	j.FinishedAt = now
	s.Log.InfoContext(ctx, "sync job finished", "job", j.ID, "company_id", j.CompanyID, "status", j.Status,
		"fetched", j.Fetched, "ingested", j.Ingested, "unchanged", j.Unchanged, "removed", j.Removed, "failed", j.Failed)
	return s.Jobs.Finish(ctx, j)
}

// step does one page of j's phase; done is true when the job is over.
func (s *Service) step(ctx context.Context, j *Job) (done bool, err error) {
	it, err := s.Store.Get(ctx, tenancy.OneCompany(j.CompanyID), j.IntegrationID)
	if errors.Is(err, errs.ErrNotFound) {
		return true, errs.New(errs.ErrConflict, "The connection was deleted")
	}
	if err != nil {
		return false, err
	}
	if !it.Active {
		return true, errs.New(errs.ErrConflict, "The connection was deactivated")
	}
	if j.Status == JobQueued {
		j.Status, j.StartedAt = JobRunning, s.now()
	}
	switch j.Phase {
	case PhaseProducts, PhasePrune:
		return false, s.pageStep(ctx, it, j)
	case PhaseRemove:
		return s.removeStep(ctx, j)
	}
	return true, errs.New(errs.ErrConflict, "Unknown sync phase %q", j.Phase)
}

// userText is the job's record of an error: a remote error's own safe
// message, a generic one otherwise (the cause goes to the log).
func userText(err error) string {
	var re *RemoteError
	var pub *errs.Public
	switch {
	case errors.As(err, &re):
		return re.Msg
	case errors.As(err, &pub):
		return pub.Msg
	}
	return "internal error (the service log has the cause)"
}
