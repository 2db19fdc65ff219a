package domain

import (
	"slices"
	"testing"

	"github.com/copydesk/copydesk/pkg/principal"
)

// Logout ends the caller's access tokens too (the users service records
// the cut-off the gateway applies), not only the refresh tokens.
func TestLogoutEndsAccessTokens(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pair := mustLogin(t, f)
	if err := f.svc.Logout(t.Context(), principal.Principal{UserID: aliceID, CompanyID: companyID, Role: "content_writer"}, pair.RefreshToken); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.dir.ended, []string{aliceID}) {
		t.Fatalf("sessions ended for %v, want [%s]", f.dir.ended, aliceID)
	}
}
