package domain

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
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
	t, _, err := s.get(ctx, p, id)
	if err != nil {
		return Comment{}, err
	}
	c, err := s.activity.InsertComment(ctx, Comment{
		CompanyID: t.CompanyID, TicketID: t.ID, AuthorID: p.UserID, Body: body, CreatedAt: s.now(),
	})
	if err != nil {
		return Comment{}, fmt.Errorf("insert comment: %w", err)
	}
	s.record(ctx, p, t, change{
		action: "commented", field: "comments", to: c.ID,
		notify: NotifyCommentAdded, event: EventCommentAdded, comment: &c,
		message: fmt.Sprintf("New comment on %s", t.Ref()),
	})
	return c, nil
}
