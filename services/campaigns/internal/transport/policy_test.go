package transport_test

import (
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc"

	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/campaigns/internal/transport"
)

// TestPolicy: every RPC is listed (none left to the fail-closed default
// by accident, none that does not exist); clients and service identities
// reach nothing; writers only read (CheckCampaigns is a read: a writer
// may link a ticket to a campaign).
func TestPolicy(t *testing.T) {
	t.Parallel()
	pol := transport.Policy()
	descs := []grpc.ServiceDesc{campaignsv1.CampaignService_ServiceDesc, campaignsv1.CampaignPlanService_ServiceDesc}
	if missing, unknown := pol.Coverage(descs...); len(missing)+len(unknown) > 0 {
		t.Errorf("methods without roles: %v; listed but not served: %v", missing, unknown)
	}
	for _, sd := range descs {
		checkRoles(t, pol, sd)
	}
}

// checkRoles: writers only read (Get, List, Check), managers do all, no
// client or service token anything.
func checkRoles(t *testing.T, pol grpcserver.Policy, sd grpc.ServiceDesc) {
	t.Helper()
	for _, m := range sd.Methods {
		full := "/" + sd.ServiceName + "/" + m.MethodName
		roles := pol.Roles[full]
		if slices.Contains(roles, principal.RoleClient) || slices.Contains(roles, principal.RoleService) {
			t.Errorf("%s allows %v", full, roles)
		}
		read := strings.HasPrefix(m.MethodName, "Get") || strings.HasPrefix(m.MethodName, "List") || strings.HasPrefix(m.MethodName, "Check")
		if got := slices.Contains(roles, principal.RoleContentWriter); got != read {
			t.Errorf("%s: content_writer allowed = %v, want %v", full, got, read)
		}
		for _, r := range []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager} {
			if !slices.Contains(roles, r) {
				t.Errorf("%s refuses %s", full, r)
			}
		}
	}
}
