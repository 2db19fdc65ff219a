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

// Recipient is whose notifications a store call touches: always exactly
// one user, and for everybody but a superadmin only within their company.
type Recipient struct {
	// UserID is the recipient; required.
	UserID string
	// CompanyID limits the notifications to one company; required unless
	// AnyCompany.
	CompanyID string
	// AnyCompany is set for superadmins, whose notifications come from the
	// tickets of every company (stored under the ticket's company).
	AnyCompany bool
}

// recipientOf is p as a notification recipient. A principal without a
// user, or a non-superadmin without a company, is refused, never widened.
func recipientOf(p principal.Principal) (Recipient, error) {
	if p.UserID == "" {
		return Recipient{}, errs.ErrPermissionDenied
	}
	if p.IsSuperadmin() {
		return Recipient{UserID: p.UserID, AnyCompany: true}, nil
	}
	if p.CompanyID == "" {
		return Recipient{}, errs.ErrPermissionDenied
	}
	return Recipient{UserID: p.UserID, CompanyID: p.CompanyID}, nil
}

// Notifications lists p's own notifications, newest first, and p's unread
// count.
func (s *Service) Notifications(ctx context.Context, p principal.Principal, unread *bool, pg Page) ([]Notification, int64, int64, error) {
	r, err := recipientOf(p)
	if err != nil {
		return nil, 0, 0, err
	}
	ns, total, err := s.notes.ListNotifications(ctx, r, unread, pg)
	if err != nil {
		return nil, 0, 0, err
	}
	n, err := s.notes.CountUnread(ctx, r)
	if err != nil {
		return nil, 0, 0, err
	}
	return ns, total, n, nil
}

// MarkRead marks one of p's notifications read; another user's is 404.
func (s *Service) MarkRead(ctx context.Context, p principal.Principal, id string) (Notification, error) {
	r, err := recipientOf(p)
	if err != nil {
		return Notification{}, err
	}
	return s.notes.MarkRead(ctx, r, id, s.now())
}

// MarkAllRead marks all of p's unread notifications read.
func (s *Service) MarkAllRead(ctx context.Context, p principal.Principal) (int64, error) {
	r, err := recipientOf(p)
	if err != nil {
		return 0, err
	}
	return s.notes.MarkAllRead(ctx, r, s.now())
}
