package grpcserver_test

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/principal"
)

// TestCallerAndID: no principal is 401 (never a default caller), a
// malformed path id is 400, an upper-case one reaches the domain in
// canonical form.
func TestCallerAndID(t *testing.T) {
	t.Parallel()
	if _, _, err := grpcserver.CallerAndID(t.Context(), "0123456789abcdef01234567"); !errors.Is(err, errs.ErrUnauthenticated) {
		t.Fatalf("no principal: %v, want 401", err)
	}
	me := principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleContentManager}
	ctx := principal.With(t.Context(), me)
	if _, _, err := grpcserver.CallerAndID(ctx, "not-an-id"); !errors.Is(err, errs.ErrMalformedID) {
		t.Fatalf("malformed id: %v, want 400", err)
	}
	p, id, err := grpcserver.CallerAndID(ctx, "0123456789ABCDEF01234567")
	if err != nil || p.UserID != "u1" || id != "0123456789abcdef01234567" {
		t.Fatalf("got %v %q %v", p, id, err)
	}
}
