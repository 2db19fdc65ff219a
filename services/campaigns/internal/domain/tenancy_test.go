package domain_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// TestTenantIsolation: another company's manager gets 404 from every
// operation on a campaign of company A, which does not change; lists of B
// never show it (not even with company_id=A); a superadmin reaches it.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	c := e.create(t, e.manager, planned(e.clock.Now(), time.Hour, 2*time.Hour))
	b := e.managerB
	ops := map[string]func() error{
		"get": func() error { _, err := e.svc.Get(ctx, b, c.ID); return err },
		"update": func() error {
			_, err := e.svc.Update(ctx, b, c.ID, domain.UpdateInput{Version: c.Version, Name: ptr("B")})
			return err
		},
		"status": func() error {
			_, err := e.svc.ChangeStatus(ctx, b, c.ID, domain.StatusScheduled, "", c.Version)
			return err
		},
		"delete":  func() error { _, err := e.svc.Delete(ctx, b, c.ID, 0); return err },
		"history": func() error { _, _, err := e.svc.History(ctx, b, c.ID, domain.Page{Limit: 10}); return err },
		"summary": func() error { _, err := e.svc.Summary(ctx, b, c.ID); return err },
	}
	for name, op := range ops {
		if err := op(); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("%s as company B: %v, want not found", name, err)
		}
	}
	for _, in := range []domain.ListInput{
		{Page: domain.Page{Limit: 100}},
		{CompanyID: e.manager.CompanyID, Page: domain.Page{Limit: 100}},
		{Filter: domain.ListFilter{Q: "Planned"}, Page: domain.Page{Limit: 100}},
	} {
		list, total, err := e.svc.List(ctx, b, in)
		if err != nil || len(list) != 0 || total != 0 {
			t.Fatalf("B's list %+v: %d rows, total %d, %v", in, len(list), total, err)
		}
	}
	after, err := e.svc.Get(ctx, e.manager, c.ID)
	if err != nil || !reflect.DeepEqual(after, c) {
		t.Fatalf("A's campaign changed: %+v %v", after, err)
	}
	if hs := e.history(t, c); len(hs) != 1 {
		t.Fatalf("history after B's attempts: %+v", hs)
	}
	// A malformed id is its own error (400), not a 404.
	if _, err := e.svc.Get(ctx, e.manager, "nope"); !errors.Is(err, errs.ErrMalformedID) {
		t.Fatalf("malformed id: %v", err)
	}
	// The superadmin works across companies, and may narrow by company.
	if got, err := e.svc.Get(ctx, e.super, c.ID); err != nil || got.ID != c.ID {
		t.Fatalf("superadmin get: %v", err)
	}
	list, _, err := e.svc.List(ctx, e.super, domain.ListInput{CompanyID: b.CompanyID, Page: domain.Page{Limit: 100}})
	if err != nil || len(list) != 0 {
		t.Fatalf("superadmin list of B: %+v %v", list, err)
	}
}

// TestSummary: the counts come from the tickets service for the
// campaign's own company; progress leaves cancelled tickets out and time
// elapsed follows the clock.
func TestSummary(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := e.clock.Now()
	c := e.create(t, e.manager, planned(now, -time.Hour, 3*time.Hour))
	e.counter.mu.Lock()
	e.counter.counts[c.ID] = domain.TicketCounts{Total: 6, Overdue: 1, ByStatus: map[string]int64{
		"open": 1, "in_review": 1, "published": 2, "closed": 1, "cancelled": 1}}
	e.counter.mu.Unlock()
	s, err := e.svc.Summary(t.Context(), e.super, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Done != 3 || s.Progress != 0.6 || s.Tickets.Overdue != 1 || s.TimeElapsed != 0.25 {
		t.Fatalf("summary: %+v", s)
	}
	e.counter.mu.Lock()
	defer e.counter.mu.Unlock()
	if len(e.counter.asked) != 1 || e.counter.asked[0] != c.CompanyID {
		t.Fatalf("counted in companies %v, want %s", e.counter.asked, c.CompanyID)
	}
}
