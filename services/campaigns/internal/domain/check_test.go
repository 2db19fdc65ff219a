package domain_test

import (
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// TestCheckCampaigns: the tickets service's campaign_id check answers the
// ids that are no live campaign of the company — unknown, malformed,
// deleted and other companies' campaigns — and only those.
func TestCheckCampaigns(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	own := e.create(t, e.manager, domain.CreateInput{}).ID
	gone := e.create(t, e.manager, domain.CreateInput{})
	if _, err := e.svc.Delete(ctx, e.manager, gone.ID, gone.Version); err != nil {
		t.Fatal(err)
	}
	foreign := e.create(t, e.managerB, domain.CreateInput{}).ID
	unknown := bson.NewObjectID().Hex()
	ask := []string{own, strings.ToUpper(own), gone.ID, foreign, unknown, "../../etc"}
	wantMissing := []string{gone.ID, foreign, unknown, "../../etc"}
	for _, tt := range []struct {
		name    string
		who     principal.Principal
		company string
	}{
		{"writer, own company", e.writer, ""},
		{"manager names its own company", e.manager, e.manager.CompanyID},
		{"superadmin names the company", e.super, e.manager.CompanyID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			missing, err := e.svc.CheckCampaigns(ctx, tt.who, tt.company, ask)
			if err != nil || !slices.Equal(missing, wantMissing) {
				t.Fatalf("missing %v (%v), want %v", missing, err, wantMissing)
			}
		})
	}
	// Company B sees its own campaign and not A's.
	if missing, err := e.svc.CheckCampaigns(ctx, e.managerB, "", []string{foreign, own}); err != nil || !slices.Equal(missing, []string{own}) {
		t.Fatalf("company B: %v %v", missing, err)
	}
	refusals := []struct {
		name    string
		who     principal.Principal
		company string
		ids     []string
		want    error // nil: a 422
	}{
		{"client", e.client, "", []string{own}, errs.ErrPermissionDenied},
		{"manager names another company", e.manager, e.managerB.CompanyID, []string{foreign}, errs.ErrNotFound},
		{"superadmin without a company", e.super, "", []string{own}, nil},
		{"too many ids", e.manager, "", make([]string, 101), nil},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			missing, err := e.svc.CheckCampaigns(ctx, tt.who, tt.company, tt.ids)
			if !isKind(err, tt.want) || missing != nil {
				t.Fatalf("got %v %v, want %v", missing, err, tt.want)
			}
		})
	}
}
