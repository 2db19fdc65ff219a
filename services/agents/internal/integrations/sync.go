package integrations

import (
	"context"
	"fmt"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// StartSync starts a sync job of a Shopify connection, or returns the job
// already active (one job per connection at a time). The job runs in the
// background (Tick); its progress is read with ListJobs.
func (s *Service) StartSync(ctx context.Context, p principal.Principal, id string, full bool) (Job, error) {
	sc, err := adminScope(p, "")
	if err != nil {
		return Job{}, err
	}
	it, err := s.Store.Get(ctx, sc, id)
	if err != nil {
		return Job{}, err
	}
	switch {
	case it.Kind != KindShopify:
		return Job{}, errs.New(errs.ErrBadRequest, "Only shopify connections sync")
	case !it.Active:
		return Job{}, errs.New(errs.ErrConflict, "The connection is inactive")
	}
	job, _, err := s.Jobs.Start(ctx, s.newJob(it, TriggerManual, full))
	return job, err
}

func (s *Service) newJob(it Integration, trigger string, full bool) Job {
	j := Job{CompanyID: it.CompanyID, IntegrationID: it.ID, Trigger: trigger, Mode: ModeIncremental, Since: it.SyncedThrough,
		Status: JobQueued, Phase: PhaseProducts, Errors: []string{}, CreatedAt: s.now()}
	if full || it.SyncedThrough.IsZero() {
		j.Mode, j.Since = ModeFull, it.SyncedThrough
	}
	return j
}

// ListJobs pages a connection's jobs, newest first.
func (s *Service) ListJobs(ctx context.Context, p principal.Principal, id string, pg Page) ([]Job, int64, error) {
	sc, err := adminScope(p, "")
	if err != nil {
		return nil, 0, err
	}
	it, err := s.Store.Get(ctx, sc, id)
	if err != nil {
		return nil, 0, err
	}
	return s.Jobs.ListJobs(ctx, it.CompanyID, it.ID, pg)
}

// schedule starts the scheduled jobs that are due. The job of a
// schedule slot has a deterministic id (connection + due time), so two
// replicas that both see it due start it once.
func (s *Service) schedule(ctx context.Context) error {
	due, err := s.Store.Due(ctx, s.now(), 100)
	if err != nil {
		return err
	}
	for _, it := range due {
		j := s.newJob(it, TriggerSchedule, false)
		j.ID = fmt.Sprintf("%s@%d", it.ID, it.NextSyncAt.UnixMilli())
		if _, _, err := s.Jobs.Start(ctx, j); err != nil {
			return err
		}
	}
	return nil
}
