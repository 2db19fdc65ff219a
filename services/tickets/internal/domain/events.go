package domain

import (
	"encoding/json"
	"time"
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

// eventBody is the webhook body of e: the ticket as relayed, the change,
// and "evt_<event id>" as its id (the same on every relay of e).
func eventBody(t Ticket, e PendingEvent) ([]byte, string, error) {
	id := "evt_" + e.ID
	tags := t.Tags
	if tags == nil {
		tags = []string{}
	}
	ev := EventPayload{ID: id, Type: e.Event, CreatedAt: e.At, CompanyID: t.CompanyID, ActorID: e.ActorID,
		Data: EventData{Ticket: TicketJSON{
			ID: t.ID, Number: t.Ref(), Title: t.Title, Type: t.Type, Priority: t.Priority, Status: t.Status,
			DueAt: t.DueAt, Tags: tags, CampaignID: t.CampaignID, AgentID: t.AgentID, AssigneeID: t.AssigneeID,
			CreatedBy: t.CreatedBy, Archived: t.Archived, Version: t.Version, UpdatedAt: t.UpdatedAt,
		}, Field: e.Field, From: e.From, To: e.To, Note: e.Note}}
	if c := e.Comment; c != nil {
		ev.Data.Comment = &CommentJSON{ID: c.ID, AuthorID: c.AuthorID, Body: c.Body}
	}
	body, err := json.Marshal(ev)
	return body, id, err
}
