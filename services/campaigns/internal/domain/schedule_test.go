package domain_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
	"github.com/copydesk/copydesk/services/campaigns/internal/scheduler"
	"github.com/copydesk/copydesk/services/campaigns/internal/store"
)

// autoSteps returns the "from→to" of the scheduler's history entries.
func autoSteps(hs []domain.HistoryEntry) []string {
	var out []string
	for _, h := range hs {
		if h.Automatic {
			out = append(out, h.From+"→"+h.To)
		}
	}
	return out
}

// TestScheduleTwoReplicasExactlyOnce: two service instances (replicas)
// on one database run the schedule at the same moment, round after
// round. Every due campaign is started at start_at and completed after
// end_at exactly once, with exactly one history entry per step; a paused
// campaign is left alone.
func TestScheduleTwoReplicasExactlyOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	t0 := e.clock.Now()
	const n = 6
	var cs []domain.Campaign
	for i := range n {
		in := planned(t0, time.Hour, 2*time.Hour)
		in.Name = fmt.Sprintf("Campaign %d", i)
		c := e.create(t, e.manager, in)
		c, err := e.svc.ChangeStatus(ctx, e.manager, c.ID, domain.StatusScheduled, "", c.Version)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	draft := e.create(t, e.manager, planned(t0, time.Hour, 2*time.Hour)) // never scheduled
	replicas := []*domain.Service{e.newService(t, e.clock.Now), e.newService(t, e.clock.Now)}

	// runRounds lets both replicas tick at once, rounds times, and sums
	// what they did.
	runRounds := func(rounds int) domain.ScheduleResult {
		var total domain.ScheduleResult
		var mu sync.Mutex
		for range rounds {
			var wg sync.WaitGroup
			start := make(chan struct{})
			for _, r := range replicas {
				wg.Go(func() {
					<-start
					res, err := r.RunSchedule(ctx)
					if err != nil {
						t.Errorf("run schedule: %v", err)
					}
					mu.Lock()
					total.Started += res.Started
					total.Completed += res.Completed
					total.Lost += res.Lost
					mu.Unlock()
				})
			}
			close(start)
			wg.Wait()
		}
		return total
	}

	if res := runRounds(2); res.Started+res.Completed != 0 {
		t.Fatalf("before start_at: %+v", res)
	}
	e.clock.Set(t0.Add(time.Hour)) // exactly start_at
	if res := runRounds(4); res.Started != n || res.Completed != 0 {
		t.Fatalf("at start_at: %+v, want %d started", res, n)
	}
	paused, err := e.svc.ChangeStatus(ctx, e.manager, cs[0].ID, domain.StatusPaused, "hold", cs[0].Version+1)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(t0.Add(2 * time.Hour)) // end_at itself: not yet "after"
	if res := runRounds(2); res.Completed != 0 {
		t.Fatalf("at end_at: %+v", res)
	}
	e.clock.Set(t0.Add(2*time.Hour + time.Millisecond))
	if res := runRounds(4); res.Completed != n-1 || res.Started != 0 {
		t.Fatalf("after end_at: %+v, want %d completed", res, n-1)
	}

	for i, c := range cs {
		got, err := e.svc.Get(ctx, e.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		steps := autoSteps(e.history(t, c))
		want, status := []string{"scheduled→active", "active→completed"}, domain.StatusCompleted
		if i == 0 {
			want, status = []string{"scheduled→active"}, domain.StatusPaused
		}
		if fmt.Sprint(steps) != fmt.Sprint(want) || got.Status != status {
			t.Errorf("%s: status %s, automatic steps %v; want %s, %v", c.Name, got.Status, steps, status, want)
		}
	}
	if p, _ := e.svc.Get(ctx, e.manager, paused.ID); p.Version != paused.Version {
		t.Errorf("paused campaign changed: %+v", p)
	}
	if d, _ := e.svc.Get(ctx, e.manager, draft.ID); d.Status != domain.StatusDraft {
		t.Errorf("draft moved: %+v", d)
	}
	for _, h := range e.history(t, cs[1]) {
		if h.Automatic && (h.ActorID != "" || h.Note == "") {
			t.Errorf("automatic entry: %+v", h)
		}
	}
}

// TestSchedulersMoveOnTime: two scheduler loops (two replicas, with their
// Mongo tick leases) run on the real clock; a campaign becomes active at
// its start and completed after its end, each step recorded once.
func TestSchedulersMoveOnTime(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := time.Now().UTC()
	in := planned(now, 500*time.Millisecond, 1500*time.Millisecond)
	c := e.create(t, e.manager, in)
	c, err := e.svc.ChangeStatus(t.Context(), e.manager, c.ID, domain.StatusScheduled, "", c.Version)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	for range 2 {
		s := scheduler.New(e.newService(t, time.Now), store.NewLeases(e.db), 50*time.Millisecond, e.log)
		wg.Go(func() { s.Run(ctx) })
	}
	var activeAt time.Time
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := e.svc.Get(t.Context(), e.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status == domain.StatusActive && activeAt.IsZero() {
			activeAt = time.Now()
		}
		if got.Status == domain.StatusCompleted {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("campaign still %s after 20s", got.Status)
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not a wait for an event
	}
	cancel()
	wg.Wait()
	hs := e.history(t, c)
	if steps := autoSteps(hs); fmt.Sprint(steps) != "[scheduled→active active→completed]" {
		t.Fatalf("automatic steps %v", steps)
	}
	for _, h := range hs {
		if h.Automatic && h.To == domain.StatusActive && h.At.Before(*c.StartAt) {
			t.Errorf("started at %s, before start_at %s", h.At, c.StartAt)
		}
		if h.Automatic && h.To == domain.StatusCompleted && !h.At.After(*c.EndAt) {
			t.Errorf("completed at %s, not after end_at %s", h.At, c.EndAt)
		}
	}
	if !activeAt.IsZero() && activeAt.Before(*c.StartAt) {
		t.Errorf("observed active at %s, before start_at %s", activeAt, c.StartAt)
	}
}
