package domain

import (
	"testing"

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
