package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Comment is a message on a ticket.
type Comment struct {
	ID        string
	CompanyID string
	TicketID  string
	AuthorID  string
	Body      string
	CreatedAt time.Time
}

// Comments lists the comments of a ticket p may see.
func (s *Service) Comments(ctx context.Context, p principal.Principal, id string, pg Page) ([]Comment, int64, error) {
	t, _, err := s.get(ctx, p, id)
	if err != nil {
		return nil, 0, err
	}
	return s.activity.ListComments(ctx, t.CompanyID, t.ID, pg)
}

// AddComment stores a comment by p on a ticket p may see; the followers
// except p are notified and the webhooks get ticket.comment_added.
func (s *Service) AddComment(ctx context.Context, p principal.Principal, id, body string) (Comment, error) {
	body = strings.TrimSpace(body)
	var v errs.Validator
	v.Check(body != "", "body", "missing", "body is required")
	v.Check(len([]rune(body)) <= MaxComment, "body", "string_too_long", "body must be at most %d characters", MaxComment)
	if err := v.Err(); err != nil {
		return Comment{}, err
	}
	t, sc, err := s.get(ctx, p, id)
	if err != nil {
		return Comment{}, err
	}
	now := s.now()
	c := Comment{ID: ids.New(now), CompanyID: t.CompanyID, TicketID: t.ID, AuthorID: p.UserID, Body: body, CreatedAt: now}
	// The comment is stored by the relay, from the event that the ticket
	// holds: one write makes the comment and its side records durable.
	ev := events(p, now, change{
		action: "commented", field: "comments", to: c.ID,
		notify: NotifyCommentAdded, event: EventCommentAdded, comment: &c,
		message: fmt.Sprintf("New comment on %s", t.Ref()),
	})
	if err := s.appendEvents(ctx, sc, t, ev); err != nil {
		return Comment{}, fmt.Errorf("add comment: %w", err)
	}
	return c, nil
}

// appendEvents stores events in t without moving its version (retried
// when another write gets there first) and relays them: a change kept
// elsewhere (a comment, an attachment) gets durable side records.
func (s *Service) appendEvents(ctx context.Context, sc Scope, t Ticket, ev []PendingEvent) error {
	for range followerTries {
		nt, err := s.tickets.Append(ctx, sc, t.ID, t.Version, ev)
		if err == nil {
			s.relay(ctx, nt)
			return nil
		}
		if !errors.Is(err, errs.ErrConflict) {
			return err
		}
		if t, err = s.tickets.Get(ctx, sc, t.ID); err != nil {
			return err
		}
	}
	return errs.New(errs.ErrConflict, "Ticket is changing too fast; retry")
}
