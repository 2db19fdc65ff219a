package domain

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"

	"github.com/copydesk/copydesk/pkg/principal"
)

// Webhook event types.
const (
	EventCreated       = "ticket.created"
	EventStatusChanged = "ticket.status_changed"
	EventAssigned      = "ticket.assigned"
	EventCommentAdded  = "ticket.comment_added"
)

// EventTypes are the event types a webhook may ask for.
var EventTypes = []string{EventCreated, EventStatusChanged, EventAssigned, EventCommentAdded}

// Notification types.
const (
	NotifyStatusChanged = "status_changed"
	NotifyAssigned      = "assigned"
	NotifyCommentAdded  = "comment_added"
)

// change is one recorded change of a ticket: a history entry, and
// optionally a notification to followers and a webhook event.
type change struct {
	action, field, from, to, note string
	notify                        string // notification type, "" for none
	message                       string // notification text
	event                         string // webhook event type, "" for none
	comment                       *Comment
}

// recordTimeout bounds the side writes after a change.
const recordTimeout = 10 * time.Second

// record writes the history entries, the followers' notifications and the
// outbox events of changes made by p to t. The ticket change itself is
// already stored (there are no multi-document transactions), so a failure
// here is logged, not returned: the caller's write succeeded. The writes
// outlive a client that disconnects.
func (s *Service) record(ctx context.Context, p principal.Principal, t Ticket, chs ...change) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	now := s.now()
	var hist []HistoryEntry
	var notes []Notification
	var events []change
	for _, c := range chs {
		hist = append(hist, HistoryEntry{
			CompanyID: t.CompanyID, EntityID: t.ID, ActorID: p.UserID, At: now,
			Action: c.action, Field: c.field, From: c.from, To: c.to, Note: c.note,
		})
		if c.notify != "" {
			for _, f := range t.Followers {
				if f == p.UserID {
					continue
				}
				notes = append(notes, Notification{
					CompanyID: t.CompanyID, UserID: f, TicketID: t.ID, TicketNumber: t.Ref(),
					Type: c.notify, Message: c.message, ActorID: p.UserID, CreatedAt: now,
				})
			}
		}
		if c.event != "" {
			events = append(events, c)
		}
	}
	if err := s.activity.AppendHistory(ctx, hist); err != nil {
		s.log.ErrorContext(ctx, "history not recorded", "ticket_id", t.ID, "error", err.Error())
	}
	if len(notes) > 0 {
		if err := s.notes.InsertNotifications(ctx, notes); err != nil {
			s.log.ErrorContext(ctx, "notifications not recorded", "ticket_id", t.ID, "error", err.Error())
		}
	}
	if len(events) > 0 {
		if err := s.enqueue(ctx, p, t, now, events); err != nil {
			s.log.ErrorContext(ctx, "webhook events not recorded", "ticket_id", t.ID, "error", err.Error())
		}
	}
}

// enqueue puts one outbox event per (event, active webhook that wants it).
func (s *Service) enqueue(ctx context.Context, p principal.Principal, t Ticket, now time.Time, chs []change) error {
	hooks, err := s.hooks.ActiveWebhooks(ctx, t.CompanyID)
	if err != nil || len(hooks) == 0 {
		return err
	}
	var out []OutboxEvent
	for _, c := range chs {
		body, eventID, err := eventBody(p, t, now, c)
		if err != nil {
			return err
		}
		for _, h := range hooks {
			if len(h.EventTypes) > 0 && !slices.Contains(h.EventTypes, c.event) {
				continue
			}
			out = append(out, OutboxEvent{
				CompanyID: t.CompanyID, WebhookID: h.ID, EventID: eventID, EventType: c.event,
				Payload: body, CreatedAt: now, NextAttemptAt: now,
			})
		}
	}
	if len(out) == 0 {
		return nil
	}
	return s.hooks.Enqueue(ctx, out)
}

// EventPayload is the JSON body POSTed to webhooks.
type EventPayload struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	CompanyID string    `json:"company_id"`
	ActorID   string    `json:"actor_id"`
	Data      EventData `json:"data"`
}

// EventData is the event's subject.
type EventData struct {
	Ticket  TicketJSON   `json:"ticket"`
	Field   string       `json:"field,omitempty"`
	From    string       `json:"from,omitempty"`
	To      string       `json:"to,omitempty"`
	Note    string       `json:"note,omitempty"`
	Comment *CommentJSON `json:"comment,omitempty"`
}

// TicketJSON is a ticket in an event.
type TicketJSON struct {
	ID         string     `json:"id"`
	Number     string     `json:"number"`
	Title      string     `json:"title"`
	Type       string     `json:"type"`
	Priority   string     `json:"priority"`
	Status     string     `json:"status"`
	DueAt      *time.Time `json:"due_at,omitempty"`
	Tags       []string   `json:"tags"`
	CampaignID string     `json:"campaign_id,omitempty"`
	AgentID    string     `json:"agent_id,omitempty"`
	AssigneeID string     `json:"assignee_id,omitempty"`
	CreatedBy  string     `json:"created_by"`
	Archived   bool       `json:"archived"`
	Version    int64      `json:"version"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// CommentJSON is a comment in an event.
type CommentJSON struct {
	ID       string `json:"id"`
	AuthorID string `json:"author_id"`
	Body     string `json:"body"`
}

func eventBody(p principal.Principal, t Ticket, now time.Time, c change) ([]byte, string, error) {
	var b [12]byte
	_, _ = rand.Read(b[:])
	id := "evt_" + hex.EncodeToString(b[:])
	tags := t.Tags
	if tags == nil {
		tags = []string{}
	}
	ev := EventPayload{ID: id, Type: c.event, CreatedAt: now, CompanyID: t.CompanyID, ActorID: p.UserID,
		Data: EventData{Ticket: TicketJSON{
			ID: t.ID, Number: t.Ref(), Title: t.Title, Type: t.Type, Priority: t.Priority, Status: t.Status,
			DueAt: t.DueAt, Tags: tags, CampaignID: t.CampaignID, AgentID: t.AgentID, AssigneeID: t.AssigneeID,
			CreatedBy: t.CreatedBy, Archived: t.Archived, Version: t.Version, UpdatedAt: t.UpdatedAt,
		}, Field: c.field, From: c.from, To: c.to, Note: c.note}}
	if c.comment != nil {
		ev.Data.Comment = &CommentJSON{ID: c.comment.ID, AuthorID: c.comment.AuthorID, Body: c.comment.Body}
	}
	body, err := json.Marshal(ev)
	return body, id, err
}
