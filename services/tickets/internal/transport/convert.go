package transport

import (
	"time"

	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

func ts(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

func tsPtr(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}

func timePtr(t *timestamppb.Timestamp) *time.Time {
	if t == nil {
		return nil
	}
	v := t.AsTime()
	return &v
}

func toTicket(t domain.Ticket) *ticketsv1.Ticket {
	return &ticketsv1.Ticket{
		Id: t.ID, Number: t.Ref(), Title: t.Title, Description: t.Description, Type: t.Type,
		Priority: t.Priority, Status: t.Status, DueAt: tsPtr(t.DueAt), Tags: nonNil(t.Tags),
		CampaignId: t.CampaignID, AgentId: t.AgentID, AssigneeId: t.AssigneeID, Followers: nonNil(t.Followers),
		CreatedBy: t.CreatedBy, CompanyId: t.CompanyID, Archived: t.Archived, Version: int32(t.Version),
		CreatedAt: ts(t.CreatedAt), UpdatedAt: ts(t.UpdatedAt),
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toComment(c domain.Comment) *ticketsv1.Comment {
	return &ticketsv1.Comment{Id: c.ID, TicketId: c.TicketID, AuthorId: c.AuthorID, Body: c.Body, CreatedAt: ts(c.CreatedAt)}
}

func toHistory(h domain.HistoryEntry) *ticketsv1.HistoryEntry {
	return &ticketsv1.HistoryEntry{Id: h.ID, TicketId: h.TicketID, ActorId: h.ActorID, At: ts(h.At),
		Action: h.Action, Field: h.Field, From: h.From, To: h.To, Note: h.Note}
}

func toNotification(n domain.Notification) *ticketsv1.Notification {
	return &ticketsv1.Notification{Id: n.ID, UserId: n.UserID, TicketId: n.TicketID, TicketNumber: n.TicketNumber,
		Type: n.Type, Message: n.Message, ActorId: n.ActorID, Read: n.Read, CreatedAt: ts(n.CreatedAt), ReadAt: tsPtr(n.ReadAt)}
}

// toWebhook never carries the secret: has_secret says whether one is set.
func toWebhook(w domain.Webhook) *ticketsv1.Webhook {
	return &ticketsv1.Webhook{Id: w.ID, CompanyId: w.CompanyID, Url: w.URL, EventTypes: nonNil(w.EventTypes),
		Active: w.Active, HasSecret: w.Secret != "", CreatedAt: ts(w.CreatedAt), UpdatedAt: ts(w.UpdatedAt)}
}

// stringList turns a JSON array into strings; other values are a 422.
func stringList(field string, l *structpb.ListValue) (*[]string, error) {
	if l == nil {
		return nil, nil
	}
	out := make([]string, 0, len(l.GetValues()))
	for _, v := range l.GetValues() {
		s, ok := v.GetKind().(*structpb.Value_StringValue)
		if !ok {
			var val errs.Validator
			val.Add(field, "string_type", "%s must be a list of strings", field)
			return nil, val.Err()
		}
		out = append(out, s.StringValue)
	}
	return &out, nil
}

func total(n int64) int32 { return int32(min(n, 1<<31-1)) }
