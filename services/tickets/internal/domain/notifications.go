package domain

import (
	"context"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Notification tells a follower about a change.
type Notification struct {
	ID           string
	CompanyID    string
	UserID       string
	TicketID     string
	TicketNumber string
	Type         string
	Message      string
	ActorID      string
	Read         bool
	CreatedAt    time.Time
	ReadAt       *time.Time
}

func ownerOf(p principal.Principal) (string, string, error) {
	if p.UserID == "" || p.CompanyID == "" {
		return "", "", errs.ErrPermissionDenied
	}
	return p.CompanyID, p.UserID, nil
}

// Notifications lists p's own notifications, newest first, and p's unread
// count.
func (s *Service) Notifications(ctx context.Context, p principal.Principal, unread *bool, pg Page) ([]Notification, int64, int64, error) {
	company, user, err := ownerOf(p)
	if err != nil {
		return nil, 0, 0, err
	}
	ns, total, err := s.notes.ListNotifications(ctx, company, user, unread, pg)
	if err != nil {
		return nil, 0, 0, err
	}
	n, err := s.notes.CountUnread(ctx, company, user)
	if err != nil {
		return nil, 0, 0, err
	}
	return ns, total, n, nil
}

// MarkRead marks one of p's notifications read; another user's is 404.
func (s *Service) MarkRead(ctx context.Context, p principal.Principal, id string) (Notification, error) {
	company, user, err := ownerOf(p)
	if err != nil {
		return Notification{}, err
	}
	return s.notes.MarkRead(ctx, company, user, id, s.now())
}

// MarkAllRead marks all of p's unread notifications read.
func (s *Service) MarkAllRead(ctx context.Context, p principal.Principal) (int64, error) {
	company, user, err := ownerOf(p)
	if err != nil {
		return 0, err
	}
	return s.notes.MarkAllRead(ctx, company, user, s.now())
}
