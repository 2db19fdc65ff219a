package transport

import (
	"context"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// ActivityServer implements ticketsv1.TicketActivityServiceServer.
type ActivityServer struct {
	ticketsv1.UnimplementedTicketActivityServiceServer
	svc *domain.Service
}

// NewActivityServer returns the follower, comment and history handlers.
func NewActivityServer(svc *domain.Service) *ActivityServer { return &ActivityServer{svc: svc} }

// ListFollowers lists a ticket's followers.
func (s *ActivityServer) ListFollowers(ctx context.Context, req *ticketsv1.ListFollowersRequest) (*ticketsv1.ListFollowersResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	fs, err := s.svc.Followers(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.ListFollowersResponse{Data: fs, Total: protoconv.Total(int64(len(fs)))}, nil
}

// AddFollower adds a follower.
func (s *ActivityServer) AddFollower(ctx context.Context, req *ticketsv1.AddFollowerRequest) (*ticketsv1.AddFollowerResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	fs, err := s.svc.Follow(ctx, p, id, req.GetUserId())
	if err != nil {
		return nil, err
	}
	return &ticketsv1.AddFollowerResponse{Data: fs, Total: protoconv.Total(int64(len(fs)))}, nil
}

// RemoveFollower removes a follower.
func (s *ActivityServer) RemoveFollower(ctx context.Context, req *ticketsv1.RemoveFollowerRequest) (*ticketsv1.RemoveFollowerResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	if err := ids.ParseFilters(&req.UserId); err != nil {
		return nil, err // DELETE /api/tickets/{id}/followers/x is a 400
	}
	fs, err := s.svc.Unfollow(ctx, p, id, req.GetUserId())
	if err != nil {
		return nil, err
	}
	return &ticketsv1.RemoveFollowerResponse{Data: fs, Total: protoconv.Total(int64(len(fs)))}, nil
}

// ListComments lists a ticket's comments.
func (s *ActivityServer) ListComments(ctx context.Context, req *ticketsv1.ListCommentsRequest) (*ticketsv1.ListCommentsResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Order: req.GetOrder(), Default: "created_at"})
	if err != nil {
		return nil, err
	}
	cs, n, err := s.svc.Comments(ctx, p, id, pg)
	if err != nil {
		return nil, err
	}
	out := &ticketsv1.ListCommentsResponse{Data: make([]*ticketsv1.Comment, 0, len(cs)), Total: protoconv.Total(n)}
	for _, c := range cs {
		out.Data = append(out.Data, toComment(c))
	}
	return out, nil
}

// CreateComment adds a comment.
func (s *ActivityServer) CreateComment(ctx context.Context, req *ticketsv1.CreateCommentRequest) (*ticketsv1.CreateCommentResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := s.svc.AddComment(ctx, p, id, req.GetBody())
	if err != nil {
		return nil, err
	}
	return &ticketsv1.CreateCommentResponse{Comment: toComment(c)}, nil
}

// ListHistory lists a ticket's history.
func (s *ActivityServer) ListHistory(ctx context.Context, req *ticketsv1.ListHistoryRequest) (*ticketsv1.ListHistoryResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Order: req.GetOrder(), Default: "at"})
	if err != nil {
		return nil, err
	}
	hs, n, err := s.svc.History(ctx, p, id, pg)
	if err != nil {
		return nil, err
	}
	out := &ticketsv1.ListHistoryResponse{Data: make([]*ticketsv1.HistoryEntry, 0, len(hs)), Total: protoconv.Total(n)}
	for _, h := range hs {
		out.Data = append(out.Data, toHistory(h))
	}
	return out, nil
}
