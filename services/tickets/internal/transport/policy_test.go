package transport_test

import (
	"testing"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/tickets/internal/transport"
)

// TestPolicyListsEveryMethod: no RPC of the service is left to the
// fail-closed default by accident, and the policy names no method that
// does not exist.
func TestPolicyListsEveryMethod(t *testing.T) {
	t.Parallel()
	pol := transport.Policy()
	if missing, unknown := pol.Coverage(ticketsv1.TicketService_ServiceDesc, ticketsv1.TicketActivityService_ServiceDesc,
		ticketsv1.NotificationService_ServiceDesc, ticketsv1.WebhookService_ServiceDesc, ticketsv1.TicketStatsService_ServiceDesc, ticketsv1.TicketDraftService_ServiceDesc,
		ticketsv1.TicketPublishService_ServiceDesc,
		ticketsv1.TicketAttachmentService_ServiceDesc); len(missing)+len(unknown) > 0 {
		t.Errorf("methods without roles: %v; listed but not served: %v", missing, unknown)
	}
	for m, roles := range pol.Roles {
		for _, r := range roles {
			if r == principal.RoleService && m != ticketsv1.TicketStatsService_CountTickets_FullMethodName {
				t.Errorf("%s is open to service identities", m)
			}
		}
	}
	for _, m := range []string{ticketsv1.WebhookService_CreateWebhook_FullMethodName, ticketsv1.WebhookService_ListWebhooks_FullMethodName} {
		for _, r := range pol.Roles[m] {
			if r != principal.RoleCompanyAdmin && r != principal.RoleSuperadmin {
				t.Errorf("%s allows %s", m, r)
			}
		}
	}
}
