package transport_test

import (
	"testing"

	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/knowledge/internal/transport"
)

// TestPolicyListsEveryMethod: every RPC (the upload stream included) has
// its roles, none is open to clients, and uploads are for managers.
func TestPolicyListsEveryMethod(t *testing.T) {
	t.Parallel()
	pol := transport.Policy()
	if missing, unknown := pol.Coverage(knowledgev1.KnowledgeService_ServiceDesc); len(missing)+len(unknown) > 0 {
		t.Errorf("methods without roles: %v; listed but not served: %v", missing, unknown)
	}
	for m, roles := range pol.Roles {
		for _, r := range roles {
			if r == principal.RoleClient || (m == knowledgev1.KnowledgeService_UploadSource_FullMethodName && r == principal.RoleContentWriter) {
				t.Errorf("%s allows %s", m, r)
			}
		}
	}
}
