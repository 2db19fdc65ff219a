package domain_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
	"github.com/copydesk/copydesk/services/campaigns/internal/store"
)

// stopDuringWrite is the campaign store of a scheduler that is stopped
// while a step's write is in flight: the write lands, then the caller's
// context ends (as when the store's re-read sees the cancellation).
type stopDuringWrite struct {
	*store.Campaigns
	stop context.CancelFunc
}

func (s stopDuringWrite) Update(ctx context.Context, sc domain.Scope, id string, version int64, ch domain.Changes) (domain.Campaign, error) {
	c, err := s.Campaigns.Update(ctx, sc, id, version, ch)
	s.stop()
	if ctx.Err() != nil {
		return domain.Campaign{}, fmt.Errorf("reread campaign: %w", ctx.Err())
	}
	return c, err
}

// TestScheduleStepSurvivesStop: a step whose scheduler is stopped during
// the write is still recorded in the history (it used to move the
// campaign silently).
func TestScheduleStepSurvivesStop(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := e.clock.Now()
	c := e.create(t, e.manager, planned(now, -time.Minute, time.Hour))
	c, err := e.svc.ChangeStatus(t.Context(), e.manager, c.ID, domain.StatusScheduled, "", c.Version)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	svc, err := domain.New(domain.Deps{Campaigns: stopDuringWrite{store.NewCampaigns(e.db), stop}, History: store.NewHistory(e.db),
		Directory: e.dir, Tickets: e.counter, Agents: foreignAgents{}, Log: e.log, Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = svc.RunSchedule(ctx)
	got, err := e.svc.Get(t.Context(), e.manager, c.ID)
	if err != nil || got.Status != domain.StatusActive {
		t.Fatalf("campaign %s %v, want active", got.Status, err)
	}
	if steps := autoSteps(e.history(t, c)); fmt.Sprint(steps) != "[scheduled→active]" {
		t.Fatalf("automatic steps %v, want the start recorded", steps)
	}
}
