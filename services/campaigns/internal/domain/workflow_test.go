package domain_test

import (
	"errors"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	. "github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// TestCheckTransition walks every pair of statuses for every role: legal
// steps follow the Workflow table's roles, illegal ones are 409 for
// everybody.
func TestCheckTransition(t *testing.T) {
	t.Parallel()
	const (
		ok     = "ok"
		denied = "403"
		bad    = "409"
	)
	managers := map[string]string{
		principal.RoleSuperadmin: ok, principal.RoleCompanyAdmin: ok, principal.RoleContentManager: ok,
		principal.RoleContentWriter: denied, principal.RoleClient: denied,
	}
	admins := map[string]string{
		principal.RoleSuperadmin: ok, principal.RoleCompanyAdmin: ok, principal.RoleContentManager: denied,
		principal.RoleContentWriter: denied, principal.RoleClient: denied,
	}
	legal := map[[2]string]map[string]string{
		{StatusDraft, StatusScheduled}:    managers,
		{StatusDraft, StatusArchived}:     managers,
		{StatusScheduled, StatusDraft}:    managers,
		{StatusScheduled, StatusActive}:   managers,
		{StatusActive, StatusPaused}:      managers,
		{StatusActive, StatusCompleted}:   managers,
		{StatusPaused, StatusActive}:      managers,
		{StatusPaused, StatusCompleted}:   managers,
		{StatusCompleted, StatusArchived}: managers,
		{StatusArchived, StatusDraft}:     admins,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			for _, role := range principal.UserRoles {
				want := bad
				if roles, isLegal := legal[[2]string{from, to}]; isLegal {
					want = roles[role]
				}
				p := principal.Principal{UserID: "u", CompanyID: "c", Role: role}
				err := CheckTransition(p, Campaign{Status: from}, to)
				got := ok
				switch {
				case errors.Is(err, errs.ErrInvalidTransition):
					got = bad
				case errors.Is(err, errs.ErrPermissionDenied):
					got = denied
				case err != nil:
					got = err.Error()
				}
				if got != want {
					t.Errorf("%s: %s → %s = %s, want %s (%v)", role, from, to, got, want, err)
				}
			}
		}
	}
}

// TestSchedulerSteps: the scheduler takes exactly two steps.
func TestSchedulerSteps(t *testing.T) {
	t.Parallel()
	var got [][2]string
	for _, from := range Statuses {
		for _, to := range Statuses {
			if SchedulerMay(from, to) {
				got = append(got, [2]string{from, to})
			}
		}
	}
	if len(got) != 2 || got[0] != [2]string{StatusScheduled, StatusActive} || got[1] != [2]string{StatusActive, StatusCompleted} {
		t.Fatalf("scheduler steps: %v", got)
	}
}

func TestCheckReady(t *testing.T) {
	t.Parallel()
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	tests := []struct {
		name   string
		c      Campaign
		to     string
		fields []string
	}{
		{"dates ahead", Campaign{StartAt: at(time.Hour), EndAt: at(2 * time.Hour)}, StatusScheduled, nil},
		{"started already", Campaign{StartAt: at(-time.Hour), EndAt: at(time.Hour)}, StatusActive, nil},
		{"no dates", Campaign{}, StatusScheduled, []string{"start_at", "end_at"}},
		{"no end", Campaign{StartAt: at(time.Hour)}, StatusActive, []string{"end_at"}},
		{"ended", Campaign{StartAt: at(-2 * time.Hour), EndAt: at(-time.Hour)}, StatusScheduled, []string{"end_at"}},
		{"archiving needs nothing", Campaign{}, StatusArchived, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckReady(tt.c, tt.to, now)
			assertFields(t, err, tt.fields)
		})
	}
}

func TestElapsed(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.Add(10 * time.Hour)
	tests := []struct {
		now  time.Time
		want float64
	}{
		{start.Add(-time.Hour), 0}, {start, 0}, {start.Add(5 * time.Hour), 0.5}, {end, 1}, {end.Add(time.Hour), 1},
	}
	for _, tt := range tests {
		if got := Elapsed(&start, &end, tt.now); got != tt.want {
			t.Errorf("elapsed at %s = %v, want %v", tt.now, got, tt.want)
		}
	}
	if got := Elapsed(nil, &end, start); got != 0 {
		t.Errorf("without start: %v", got)
	}
}

// assertFields checks that err is a 422 naming exactly fields (nil: no
// error).
func assertFields(t *testing.T, err error, fields []string) {
	t.Helper()
	if len(fields) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v, want 422 on %v", err, fields)
	}
	got := map[string]bool{}
	for _, v := range ve.Violations {
		got[v.Field] = true
	}
	for _, f := range fields {
		if !got[f] {
			t.Errorf("no violation on %s: %v", f, ve.Violations)
		}
	}
	if len(got) != len(fields) {
		t.Errorf("violations %v, want fields %v", ve.Violations, fields)
	}
}
