package transport

import (
	"context"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// NotificationServer implements ticketsv1.NotificationServiceServer.
type NotificationServer struct {
	ticketsv1.UnimplementedNotificationServiceServer
	svc *domain.Service
}

// NewNotificationServer returns the notification handlers.
func NewNotificationServer(svc *domain.Service) *NotificationServer {
	return &NotificationServer{svc: svc}
}

// ListNotifications lists the caller's notifications.
func (s *NotificationServer) ListNotifications(ctx context.Context, req *ticketsv1.ListNotificationsRequest) (*ticketsv1.ListNotificationsResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	ns, n, unread, err := s.svc.Notifications(ctx, p, req.Unread, pg)
	if err != nil {
		return nil, err
	}
	out := &ticketsv1.ListNotificationsResponse{Data: make([]*ticketsv1.Notification, 0, len(ns)), Total: protoconv.Total(n), Unread: protoconv.Total(unread)}
	for _, x := range ns {
		out.Data = append(out.Data, toNotification(x))
	}
	return out, nil
}

// MarkNotificationRead marks one notification read.
func (s *NotificationServer) MarkNotificationRead(ctx context.Context, req *ticketsv1.MarkNotificationReadRequest) (*ticketsv1.MarkNotificationReadResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	n, err := s.svc.MarkRead(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.MarkNotificationReadResponse{Notification: toNotification(n)}, nil
}

// MarkAllNotificationsRead marks all of the caller's notifications read.
func (s *NotificationServer) MarkAllNotificationsRead(ctx context.Context, _ *ticketsv1.MarkAllNotificationsReadRequest) (*ticketsv1.MarkAllNotificationsReadResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.svc.MarkAllRead(ctx, p)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.MarkAllNotificationsReadResponse{Updated: protoconv.Total(n)}, nil
}
