package domain

import (
	"errors"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"

	"github.com/copydesk/copydesk/pkg/principal"
)

// Deactivating a company ends the access tokens of all its users (a
// session cut-off each); other companies' users keep theirs.
func TestCompanyDeactivationCutsSessions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	off := false
	if _, err := w.svc.UpdateCompany(t.Context(), w.who[principal.RoleSuperadmin], w.a.ID, CompanyPatch{IsActive: &off}); err != nil {
		t.Fatal(err)
	}
	cut := map[string]bool{}
	for _, c := range w.st.cutoffs {
		cut[c.UserID] = true
	}
	if !cut[w.target.ID] || !cut[w.who[principal.RoleCompanyAdmin].UserID] || cut[w.bUser.ID] {
		t.Fatalf("cut-offs for %v: want every user of the deactivated company and no other", cut)
	}
}

// The feed of cut-offs is read by the gateway (the edge role of its
// certificate) and services; no user, a superadmin included, reads it.
func TestSessionCutoffsFeedRoles(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	off := false
	if _, err := w.svc.UpdateCompany(t.Context(), w.who[principal.RoleSuperadmin], w.a.ID, CompanyPatch{IsActive: &off}); err != nil {
		t.Fatal(err)
	}
	since := time.Now().Add(-time.Hour)
	for _, role := range []string{principal.RoleEdge, principal.RoleService} {
		cs, err := w.svc.SessionCutoffs(t.Context(), principal.Principal{UserID: "service:gateway", Role: role}, since)
		if err != nil || len(cs) == 0 {
			t.Fatalf("%s: %d cut-offs, %v; want the deactivation's", role, len(cs), err)
		}
	}
	for role, p := range w.who {
		if _, err := w.svc.SessionCutoffs(t.Context(), p, since); !errors.Is(err, errs.ErrPermissionDenied) {
			t.Fatalf("%s read the cut-offs: %v", role, err)
		}
	}
}
