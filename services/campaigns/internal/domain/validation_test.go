package domain_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// TestCreateValidation: bad input is a 422 naming every bad field, and
// nothing is stored.
func TestCreateValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := e.clock.Now()
	later := now.Add(time.Hour)
	outsider := e.managerB.UserID
	tests := []struct {
		name   string
		in     domain.CreateInput
		fields []string
	}{
		{"ok", domain.CreateInput{Name: "Fine", StartAt: &now, EndAt: &later, Channels: []string{"web", "EMAIL"}, Currency: "gbp"}, nil},
		{"name missing", domain.CreateInput{Name: "   "}, []string{"name"}},
		{"name too long", domain.CreateInput{Name: strings.Repeat("n", domain.MaxName+1)}, []string{"name"}},
		{"end before start", domain.CreateInput{Name: "x", StartAt: &later, EndAt: &now}, []string{"end_at"}},
		{"end equals start", domain.CreateInput{Name: "x", StartAt: &now, EndAt: &now}, []string{"end_at"}},
		{"unknown channel", domain.CreateInput{Name: "x", Channels: []string{"blog", "carrier pigeon"}}, []string{"channels"}},
		{"fractional budget", domain.CreateInput{Name: "x", BudgetCents: 10.5}, []string{"budget_cents"}},
		{"negative budget", domain.CreateInput{Name: "x", BudgetCents: -1}, []string{"budget_cents"}},
		{"budget beyond 2^53", domain.CreateInput{Name: "x", BudgetCents: math.Pow(2, 54)}, []string{"budget_cents"}},
		{"bad currency", domain.CreateInput{Name: "x", Currency: "dollars"}, []string{"currency"}},
		{"agent id not an id", domain.CreateInput{Name: "x", AgentIDs: []string{"agent-1"}}, []string{"agent_ids"}},
		{"agent of another company", domain.CreateInput{Name: "x", AgentIDs: []string{"0123456789abcdef01234567", foreignAgent}}, []string{"agent_ids"}},
		{"too many tags", domain.CreateInput{Name: "x", Tags: manyTags(domain.MaxTags + 1)}, []string{"tags"}},
		{"owner of another company", domain.CreateInput{Name: "x", OwnerID: outsider}, []string{"owner_id"}},
		{"owner unknown", domain.CreateInput{Name: "x", OwnerID: "0123456789abcdef01234567"}, []string{"owner_id"}},
		{"owner not an id", domain.CreateInput{Name: "x", OwnerID: "bob"}, []string{"owner_id"}},
		{"owner a client", domain.CreateInput{Name: "x", OwnerID: e.client.UserID}, []string{"owner_id"}},
		{"everything at once", domain.CreateInput{StartAt: &later, EndAt: &now, Channels: []string{"fax"}, Currency: "x"},
			[]string{"name", "end_at", "channels", "currency"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := e.svc.Create(t.Context(), e.manager, tt.in)
			assertFields(t, err, tt.fields)
		})
	}
	// A superadmin creating for another company names an owner of that
	// company; a company admin cannot create elsewhere.
	c, err := e.svc.Create(t.Context(), e.super, domain.CreateInput{Name: "For A", CompanyID: e.admin.CompanyID, OwnerID: e.writer.UserID})
	if err != nil || c.CompanyID != e.admin.CompanyID || c.OwnerID != e.writer.UserID {
		t.Fatalf("superadmin create for A: %+v %v", c, err)
	}
	if _, err := e.svc.Create(t.Context(), e.admin, domain.CreateInput{Name: "For B", CompanyID: e.managerB.CompanyID}); !errors.Is(err, errs.ErrPermissionDenied) {
		t.Fatalf("admin create for B: %v", err)
	}
}

// TestUpdateValidation: the dates are checked together (an end moved
// before the stored start is refused), dates clear only on drafts, and an
// archived campaign is frozen until restored.
func TestUpdateValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	now := e.clock.Now()
	c := e.create(t, e.manager, planned(now, time.Hour, 48*time.Hour))
	before := now.Add(30 * time.Minute)
	tests := []struct {
		name   string
		in     domain.UpdateInput
		fields []string
	}{
		{"end before stored start", domain.UpdateInput{EndAt: &before}, []string{"end_at"}},
		{"clear with dates", domain.UpdateInput{ClearDates: true, StartAt: &now}, []string{"clear_dates"}},
		{"empty name", domain.UpdateInput{Name: ptr("")}, []string{"name"}},
		{"bad channel", domain.UpdateInput{Channels: &[]string{"radio"}}, []string{"channels"}},
		{"fractional budget", domain.UpdateInput{BudgetCents: ptr(0.1)}, []string{"budget_cents"}},
		{"unknown status", domain.UpdateInput{Status: ptr("launched")}, []string{"status"}},
		{"owner elsewhere", domain.UpdateInput{OwnerID: ptr(e.managerB.UserID)}, []string{"owner_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.in.Version = c.Version
			_, err := e.svc.Update(ctx, e.manager, c.ID, tt.in)
			assertFields(t, err, tt.fields)
		})
	}
	t.Run("sequential", func(t *testing.T) {
		c := e.create(t, e.manager, planned(now, time.Hour, 48*time.Hour))
		sch, err := e.svc.ChangeStatus(ctx, e.manager, c.ID, domain.StatusScheduled, "", c.Version)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Update(ctx, e.manager, c.ID, domain.UpdateInput{Version: sch.Version, ClearDates: true})
		assertFields(t, err, []string{"clear_dates"})
		d, err := e.svc.ChangeStatus(ctx, e.manager, c.ID, domain.StatusDraft, "", sch.Version)
		if err != nil {
			t.Fatal(err)
		}
		d, err = e.svc.Update(ctx, e.manager, c.ID, domain.UpdateInput{Version: d.Version, ClearDates: true})
		if err != nil || d.StartAt != nil || d.EndAt != nil {
			t.Fatalf("clear dates on a draft: %+v %v", d, err)
		}
		// Without dates a draft cannot be scheduled.
		_, err = e.svc.ChangeStatus(ctx, e.manager, c.ID, domain.StatusScheduled, "", d.Version)
		assertFields(t, err, []string{"start_at", "end_at"})
		a, err := e.svc.ChangeStatus(ctx, e.manager, c.ID, domain.StatusArchived, "shelved", d.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Update(ctx, e.manager, c.ID, domain.UpdateInput{Version: a.Version, Name: ptr("Still editing")}); !errors.Is(err, errs.ErrInvalidTransition) {
			t.Fatalf("edit archived: %v", err)
		}
		if _, err := e.svc.Update(ctx, e.manager, c.ID, domain.UpdateInput{Version: a.Version, Status: ptr(domain.StatusDraft)}); !errors.Is(err, errs.ErrPermissionDenied) {
			t.Fatalf("manager restores: %v", err)
		}
		r, err := e.svc.Update(ctx, e.admin, c.ID, domain.UpdateInput{Version: a.Version, Status: ptr(domain.StatusDraft)})
		if err != nil || r.Status != domain.StatusDraft {
			t.Fatalf("admin restores: %+v %v", r, err)
		}
	})
}

func manyTags(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("tag-%d", i)
	}
	return out
}
