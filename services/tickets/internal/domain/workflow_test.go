package domain_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

func TestWorkflowTable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	who := map[string]principal.Principal{
		"admin": e.admin, "manager": e.manager, "writer(assigned)": e.writer, "writer(other)": e.writer2,
		"client(creator)": e.client, "superadmin": e.super,
	}
	cases := []struct {
		role, from, to, want string
	}{
		{"writer(assigned)", "open", "in_progress", "ok"},
		{"writer(other)", "open", "in_progress", "403"},
		{"manager", "open", "in_progress", "ok"},
		{"client(creator)", "open", "in_progress", "403"},
		{"writer(assigned)", "open", "in_review", "409"},
		{"client(creator)", "open", "cancelled", "ok"},
		{"writer(other)", "open", "cancelled", "403"},
		{"manager", "open", "cancelled", "ok"},
		{"manager", "open", "open", "409"},
		{"writer(assigned)", "in_progress", "in_review", "ok"},
		{"client(creator)", "in_progress", "in_review", "403"},
		{"manager", "in_progress", "approved", "409"},
		{"client(creator)", "in_review", "approved", "ok"},
		{"manager", "in_review", "approved", "ok"},
		{"writer(assigned)", "in_review", "approved", "403"},
		{"client(creator)", "in_review", "changes_requested", "ok"},
		{"admin", "in_review", "changes_requested", "ok"},
		{"writer(assigned)", "in_review", "changes_requested", "403"},
		{"client(creator)", "in_review", "cancelled", "403"},
		{"manager", "in_review", "cancelled", "ok"},
		{"writer(assigned)", "changes_requested", "in_progress", "ok"},
		{"client(creator)", "changes_requested", "in_progress", "403"},
		{"manager", "changes_requested", "approved", "409"},
		{"manager", "approved", "published", "ok"},
		{"admin", "approved", "published", "ok"},
		{"client(creator)", "approved", "published", "403"},
		{"writer(assigned)", "approved", "published", "403"},
		{"client(creator)", "approved", "cancelled", "403"},
		{"manager", "published", "closed", "ok"},
		{"writer(assigned)", "published", "closed", "403"},
		{"manager", "published", "open", "409"},
		{"manager", "published", "cancelled", "ok"},
		{"manager", "closed", "open", "ok"},
		{"superadmin", "closed", "open", "ok"},
		{"client(creator)", "closed", "open", "403"},
		{"writer(assigned)", "closed", "open", "403"},
		{"manager", "closed", "cancelled", "409"},
		{"manager", "cancelled", "open", "409"},
		{"manager", "cancelled", "in_progress", "409"},
	}
	for _, c := range cases {
		t.Run(c.role+" "+c.from+"→"+c.to, func(t *testing.T) {
			t.Parallel()
			tk := e.force(t, e.newTicket(t), c.from)
			got, err := e.svc.ChangeStatus(t.Context(), who[c.role], tk.ID, c.to, "note", tk.Version)
			if k := kind(err); k != c.want {
				t.Fatalf("got %s, want %s", k, c.want)
			}
			after := e.stored(t, tk.ID)
			if c.want == "ok" {
				if after.Status != c.to || after.Version != tk.Version+1 || got.Status != c.to {
					t.Fatalf("stored status %s v%d, want %s v%d", after.Status, after.Version, c.to, tk.Version+1)
				}
				return
			}
			if after.Status != c.from || after.Version != tk.Version {
				t.Fatalf("refused step changed the ticket: %s v%d, want %s v%d", after.Status, after.Version, c.from, tk.Version)
			}
			if c.want == "409" {
				want := "allowed: none"
				if a := domain.Workflow.AllowedFrom(c.from); len(a) > 0 {
					want = "allowed: " + strings.Join(a, ", ")
				}
				if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "Cannot move from "+c.from+" to "+c.to) {
					t.Fatalf("detail %q does not name the allowed steps (%s)", err, want)
				}
			}
		})
	}
}

// TestWorkflowIllegalStepsAreConflicts checks every (from, to) pair not in
// the table against §4: it is refused as an invalid transition, even for
// a superadmin.
func TestWorkflowIllegalStepsAreConflicts(t *testing.T) {
	t.Parallel()
	legal := map[[2]string]bool{
		{"open", "in_progress"}: true, {"in_progress", "in_review"}: true, {"in_review", "approved"}: true,
		{"approved", "published"}: true, {"published", "closed"}: true, {"in_review", "changes_requested"}: true,
		{"changes_requested", "in_progress"}: true, {"closed", "open"}: true,
	}
	for _, from := range domain.Statuses {
		if from != "closed" && from != "cancelled" {
			legal[[2]string{from, "cancelled"}] = true
		}
	}
	super := principal.Principal{UserID: "u", CompanyID: "c", Role: principal.RoleSuperadmin}
	for _, from := range domain.Statuses {
		for _, to := range domain.Statuses {
			err := domain.CheckTransition(super, domain.Ticket{Status: from}, to)
			if legal[[2]string{from, to}] != (err == nil) {
				t.Errorf("%s → %s: err = %v, legal = %v", from, to, err, legal[[2]string{from, to}])
			}
			if err != nil && !errors.Is(err, errs.ErrInvalidTransition) {
				t.Errorf("%s → %s: err = %v, want invalid transition", from, to, err)
			}
		}
	}
}

func TestStaleVersionIsConflictAndChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.newTicket(t)
	if _, err := e.svc.ChangeStatus(t.Context(), e.manager, tk.ID, "in_progress", "", tk.Version-1); kind(err) != "409" {
		t.Fatalf("stale version: %v", err)
	}
	if _, err := e.svc.ChangeStatus(t.Context(), e.manager, tk.ID, "in_progress", "", 0); kind(err) != "422" {
		t.Fatalf("missing version: %v", err)
	}
	title := "New title"
	if _, err := e.svc.Update(t.Context(), e.manager, tk.ID, domain.UpdateInput{Version: tk.Version + 5, Title: &title}); kind(err) != "409" {
		t.Fatalf("stale update: %v", err)
	}
	if after := e.stored(t, tk.ID); after.Version != tk.Version || after.Status != "open" || after.Title != tk.Title {
		t.Fatalf("ticket changed: %+v", after)
	}
}

// TestVersionIsRequiredOnEveryWrite: version 0 (missing in the request)
// never means "the current one": every write that takes a version answers
// 422 on body.version and changes nothing. Only DELETE treats it as
// optional (React Admin sends no body there).
func TestVersionIsRequiredOnEveryWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.newTicket(t)
	title := "New title"
	for name, write := range map[string]func() error{
		"status": func() error {
			_, err := e.svc.ChangeStatus(t.Context(), e.manager, tk.ID, "in_progress", "", 0)
			return err
		},
		"assign":  func() error { _, err := e.svc.Assign(t.Context(), e.manager, tk.ID, e.writer2.UserID, 0); return err },
		"archive": func() error { _, err := e.svc.SetArchived(t.Context(), e.manager, tk.ID, true, 0); return err },
		"update": func() error {
			_, err := e.svc.Update(t.Context(), e.manager, tk.ID, domain.UpdateInput{Title: &title})
			return err
		},
		"unarchive": func() error { _, err := e.svc.SetArchived(t.Context(), e.manager, tk.ID, false, 0); return err },
	} {
		if err := write(); !hasField(err, "version") || !strings.Contains(err.Error(), "version is required") {
			t.Errorf("%s without a version: %v, want 422 on version", name, err)
		}
	}
	if after := e.stored(t, tk.ID); after.Version != tk.Version {
		t.Fatalf("a write without a version changed the ticket: v%d, want v%d", after.Version, tk.Version)
	}
	if _, err := e.svc.Delete(t.Context(), e.manager, tk.ID, 0); err != nil {
		t.Fatalf("delete without a version: %v", err)
	}
}
