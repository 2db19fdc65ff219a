package domain_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// TestCRUDPerRole: managers (superadmin, company_admin, content_manager)
// create, read, change and delete; writers only read; clients get
// nothing.
func TestCRUDPerRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name        string
		who         principal.Principal
		read, write bool
	}{
		{"superadmin", e.super, true, true},
		{"company_admin", e.admin, true, true},
		{"content_manager", e.manager, true, true},
		{"content_writer", e.writer, true, false},
		{"client", e.client, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			c := e.create(t, e.admin, domain.CreateInput{Name: "Seed " + tt.name})
			in := domain.CreateInput{Name: "Own " + tt.name, CompanyID: e.admin.CompanyID}
			_, err := e.svc.Create(ctx, tt.who, in)
			check(t, "create", err, tt.write)

			got, err := e.svc.Get(ctx, tt.who, c.ID)
			check(t, "get", err, tt.read)
			if tt.read && got.Name != c.Name {
				t.Fatalf("get: %+v", got)
			}
			list, _, err := e.svc.List(ctx, tt.who, domain.ListInput{Page: domain.Page{Limit: 100}})
			check(t, "list", err, tt.read)
			if tt.read && len(list) == 0 {
				t.Fatal("list is empty")
			}
			_, _, err = e.svc.History(ctx, tt.who, c.ID, domain.Page{Limit: 10})
			check(t, "history", err, tt.read)
			_, err = e.svc.Summary(ctx, tt.who, c.ID)
			check(t, "summary", err, tt.read)

			up, err := e.svc.Update(ctx, tt.who, c.ID, domain.UpdateInput{Version: c.Version, Name: ptr("Renamed")})
			check(t, "update", err, tt.write)
			if tt.write && (up.Name != "Renamed" || up.Version != c.Version+1) {
				t.Fatalf("update: %+v", up)
			}
			if tt.write {
				c = up
			}
			_, err = e.svc.ChangeStatus(ctx, tt.who, c.ID, domain.StatusArchived, "", c.Version)
			check(t, "status", err, tt.write)
			_, err = e.svc.Delete(ctx, tt.who, c.ID, 0)
			check(t, "delete", err, tt.write)
			if tt.write {
				if _, err := e.svc.Get(ctx, e.admin, c.ID); !isKind(err, errs.ErrNotFound) {
					t.Fatalf("deleted campaign still readable: %v", err)
				}
			}
		})
	}
}

func check(t *testing.T, op string, err error, allowed bool) {
	t.Helper()
	switch {
	case allowed && err != nil:
		t.Fatalf("%s: %v, want allowed", op, err)
	case !allowed && !isKind(err, errs.ErrPermissionDenied):
		t.Fatalf("%s: %v, want permission denied", op, err)
	}
}

// TestCreateDefaultsAndHistory: a new campaign is a draft of version 1,
// owned by its creator, in USD, with normalized lists, and its history
// records the creation and every changed field.
func TestCreateDefaultsAndHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.create(t, e.manager, domain.CreateInput{Name: "  Launch  ", Channels: []string{"Blog", "blog", " email "},
		Tags: []string{"q2", "", "q2"}, BudgetCents: 125000, AgentIDs: []string{"0123456789abcdef01234567"}})
	if c.Status != domain.StatusDraft || c.Version != 1 || c.OwnerID != e.manager.UserID || c.Currency != "USD" ||
		c.Name != "Launch" || len(c.Channels) != 2 || len(c.Tags) != 1 || c.BudgetCents != 125000 || c.CompanyID != e.manager.CompanyID {
		t.Fatalf("created: %+v", c)
	}
	up, err := e.svc.Update(t.Context(), e.manager, c.ID, domain.UpdateInput{Version: 1, Name: ptr("Launch"),
		Goal: ptr("1000 signups"), BudgetCents: ptr(99.0), Currency: ptr("eur")})
	if err != nil {
		t.Fatal(err)
	}
	if up.Version != 2 || up.Currency != "EUR" || up.BudgetCents != 99 {
		t.Fatalf("updated: %+v", up)
	}
	// The same values again change nothing: no new version, no history.
	same, err := e.svc.Update(t.Context(), e.manager, c.ID, domain.UpdateInput{Version: 2, Goal: ptr("1000 signups"), Status: ptr(domain.StatusDraft)})
	if err != nil || same.Version != 2 {
		t.Fatalf("no-op update: %+v %v", same, err)
	}
	hs := e.history(t, c)
	var fields []string
	for _, h := range hs {
		fields = append(fields, h.Action+":"+h.Field)
		if h.ActorID != e.manager.UserID || h.Automatic {
			t.Fatalf("actor: %+v", h)
		}
	}
	want := []string{"created:status", "updated:goal", "updated:currency", "updated:budget_cents"}
	if !slices.Equal(fields, want) {
		t.Fatalf("history %v, want %v", fields, want)
	}
}

// TestOptimisticVersion: a missing version is 422, a stale one 409, and of
// concurrent writers of one version exactly one wins.
func TestOptimisticVersion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	c := e.create(t, e.manager, domain.CreateInput{})
	if _, err := e.svc.Update(ctx, e.manager, c.ID, domain.UpdateInput{Name: ptr("x")}); !isKind(err, nil) {
		t.Fatalf("missing version: %v", err)
	}
	if _, err := e.svc.Update(ctx, e.manager, c.ID, domain.UpdateInput{Version: 7, Name: ptr("x")}); !isKind(err, errs.ErrConflict) {
		t.Fatalf("stale version: %v", err)
	}
	const n = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for i := range n {
		wg.Go(func() {
			_, err := e.svc.Update(ctx, e.manager, c.ID, domain.UpdateInput{Version: 1, Name: ptr("Writer " + string(rune('A'+i)))})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case isKind(err, errs.ErrConflict):
				conflicts++
			default:
				t.Errorf("update: %v", err)
			}
		})
	}
	wg.Wait()
	got, _ := e.svc.Get(ctx, e.manager, c.ID)
	if wins != 1 || conflicts != n-1 || got.Version != 2 {
		t.Fatalf("wins %d conflicts %d version %d", wins, conflicts, got.Version)
	}
	if _, err := e.svc.Delete(ctx, e.manager, c.ID, 1); !isKind(err, errs.ErrConflict) {
		t.Fatalf("delete with stale version: %v", err)
	}
}
