package transport

import (
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

func toTicket(t domain.Ticket) *ticketsv1.Ticket {
	return &ticketsv1.Ticket{
		Id: t.ID, Number: t.Ref(), Title: t.Title, Description: t.Description, Type: t.Type,
		Priority: t.Priority, Status: t.Status, DueAt: protoconv.TimestampPtr(t.DueAt), Tags: protoconv.Strings(t.Tags),
		CampaignId: t.CampaignID, AgentId: t.AgentID, AssigneeId: t.AssigneeID, Followers: protoconv.Strings(t.Followers),
		CreatedBy: t.CreatedBy, CompanyId: t.CompanyID, Archived: t.Archived, Version: int32(t.Version),
		CreatedAt: protoconv.Timestamp(t.CreatedAt), UpdatedAt: protoconv.Timestamp(t.UpdatedAt), Publication: toPublication(t.Publication),
	}
}

func toComment(c domain.Comment) *ticketsv1.Comment {
	return &ticketsv1.Comment{Id: c.ID, TicketId: c.TicketID, AuthorId: c.AuthorID, Body: c.Body, CreatedAt: protoconv.Timestamp(c.CreatedAt)}
}

func toHistory(h domain.HistoryEntry) *ticketsv1.HistoryEntry {
	return &ticketsv1.HistoryEntry{Id: h.ID, TicketId: h.EntityID, ActorId: h.ActorID, At: protoconv.Timestamp(h.At),
		Action: h.Action, Field: h.Field, From: h.From, To: h.To, Note: h.Note}
}

func toNotification(n domain.Notification) *ticketsv1.Notification {
	return &ticketsv1.Notification{Id: n.ID, UserId: n.UserID, TicketId: n.TicketID, TicketNumber: n.TicketNumber,
		Type: n.Type, Message: n.Message, ActorId: n.ActorID, Read: n.Read, CreatedAt: protoconv.Timestamp(n.CreatedAt), ReadAt: protoconv.TimestampPtr(n.ReadAt)}
}

// toWebhook never carries the secret: has_secret says whether one is set.
func toWebhook(w domain.Webhook) *ticketsv1.Webhook {
	return &ticketsv1.Webhook{Id: w.ID, CompanyId: w.CompanyID, Url: w.URL, EventTypes: protoconv.Strings(w.EventTypes),
		Active: w.Active, HasSecret: w.HasSecret, CreatedAt: protoconv.Timestamp(w.CreatedAt), UpdatedAt: protoconv.Timestamp(w.UpdatedAt)}
}
