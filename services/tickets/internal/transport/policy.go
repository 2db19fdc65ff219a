package transport

import (
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/principal"
)

var (
	everyone = principal.UserRoles
	managers = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager}
	workers  = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager, principal.RoleContentWriter}
	admins   = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin}
	counters = []string{principal.RoleService, principal.RoleSuperadmin, principal.RoleCompanyAdmin,
		principal.RoleContentManager, principal.RoleContentWriter}
)

// Policy lists every method of the tickets service with the roles that may
// call it. Finer rules (a client sees only created or followed tickets, a
// writer works on assigned tickets, the workflow's role table) are the
// domain's.
func Policy() grpcserver.Policy {
	return grpcserver.Policy{Roles: map[string][]string{
		ticketsv1.TicketService_CreateTicket_FullMethodName:       everyone,
		ticketsv1.TicketService_GetTicket_FullMethodName:          everyone,
		ticketsv1.TicketService_ListTickets_FullMethodName:        everyone,
		ticketsv1.TicketService_UpdateTicket_FullMethodName:       everyone,
		ticketsv1.TicketService_DeleteTicket_FullMethodName:       managers,
		ticketsv1.TicketService_ChangeTicketStatus_FullMethodName: everyone,
		ticketsv1.TicketService_AssignTicket_FullMethodName:       managers,
		ticketsv1.TicketService_ArchiveTicket_FullMethodName:      managers,
		ticketsv1.TicketService_UnarchiveTicket_FullMethodName:    managers,

		ticketsv1.TicketActivityService_ListFollowers_FullMethodName:  everyone,
		ticketsv1.TicketActivityService_AddFollower_FullMethodName:    everyone,
		ticketsv1.TicketActivityService_RemoveFollower_FullMethodName: everyone,
		ticketsv1.TicketActivityService_ListComments_FullMethodName:   everyone,
		ticketsv1.TicketActivityService_CreateComment_FullMethodName:  everyone,
		ticketsv1.TicketActivityService_ListHistory_FullMethodName:    everyone,

		ticketsv1.TicketAttachmentService_UploadAttachment_FullMethodName: everyone,
		ticketsv1.TicketAttachmentService_ListAttachments_FullMethodName:  everyone,
		ticketsv1.TicketAttachmentService_GetAttachment_FullMethodName:    everyone,
		ticketsv1.TicketAttachmentService_DeleteAttachment_FullMethodName: everyone,

		ticketsv1.TicketDraftService_AddDraft_FullMethodName:   workers,
		ticketsv1.TicketDraftService_ListDrafts_FullMethodName: everyone,

		ticketsv1.TicketPublishService_PublishTicket_FullMethodName: managers,

		ticketsv1.NotificationService_ListNotifications_FullMethodName:        everyone,
		ticketsv1.NotificationService_MarkNotificationRead_FullMethodName:     everyone,
		ticketsv1.NotificationService_MarkAllNotificationsRead_FullMethodName: everyone,

		ticketsv1.WebhookService_CreateWebhook_FullMethodName: admins,
		ticketsv1.WebhookService_GetWebhook_FullMethodName:    admins,
		ticketsv1.WebhookService_ListWebhooks_FullMethodName:  admins,
		ticketsv1.WebhookService_UpdateWebhook_FullMethodName: admins,
		ticketsv1.WebhookService_DeleteWebhook_FullMethodName: admins,

		ticketsv1.TicketStatsService_CountTickets_FullMethodName: counters,
	}}
}
