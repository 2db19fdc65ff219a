package transport

import (
	"context"
	"fmt"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// PublishServer implements ticketsv1.TicketPublishServiceServer.
type PublishServer struct {
	ticketsv1.UnimplementedTicketPublishServiceServer
	svc *domain.Service
}

// NewPublishServer returns the publish handler.
func NewPublishServer(svc *domain.Service) *PublishServer { return &PublishServer{svc: svc} }

// PublishTicket posts a ticket to WordPress.
func (s *PublishServer) PublishTicket(ctx context.Context, req *ticketsv1.PublishTicketRequest) (*ticketsv1.PublishTicketResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	t, err := s.svc.Publish(ctx, p, id, domain.PublishInput{IntegrationID: req.GetIntegrationId(), Status: req.GetStatus(),
		Excerpt: req.GetExcerpt(), Categories: req.GetCategories(), Tags: req.GetTags()})
	if err != nil {
		return nil, err
	}
	return &ticketsv1.PublishTicketResponse{Ticket: toTicket(t)}, nil
}

// Publisher is the domain's Publisher: the agents service's PublishPost
// (it holds the WordPress connection and its password), with the
// caller's identity. Its Unavailable answers are WordPress failures,
// whose message is safe to record.
type Publisher struct {
	Client agentsv1.IntegrationServiceClient
}

// PublishPost implements domain.Publisher.
func (p Publisher) PublishPost(ctx context.Context, r domain.PostRequest) (domain.PostResult, error) {
	if r.Slug != "" {
		// The post's marker (the agents service's PostSlugHeader): a
		// create adopts the post an earlier attempt may have made.
		ctx = metadata.AppendToOutgoingContext(ctx, "copydesk-post-slug", r.Slug)
	}
	resp, err := p.Client.PublishPost(ctx, &agentsv1.PublishPostRequest{IntegrationId: r.IntegrationID, CompanyId: r.CompanyID,
		PostId: r.PostID, Title: r.Title, Content: r.Content, Excerpt: r.Excerpt, Status: r.Status, Categories: r.Categories, Tags: r.Tags})
	if err != nil {
		st, _ := status.FromError(err)
		switch {
		case st.Code() == codes.Unavailable && strings.HasPrefix(st.Message(), "WordPress"):
			return domain.PostResult{}, &domain.PublishFailure{Msg: st.Message()}
		case st.Code() == codes.Unavailable || st.Code() == codes.DeadlineExceeded:
			return domain.PostResult{}, &domain.PublishFailure{Msg: "the publishing service did not answer in time (publishing again adopts a post it may have made)"}
		}
		return domain.PostResult{}, fmt.Errorf("publish post: %w", err)
	}
	return domain.PostResult{PostID: resp.GetPostId(), Link: resp.GetLink(), Status: resp.GetStatus()}, nil
}

func toPublication(p *domain.Publication) *ticketsv1.Publication {
	if p == nil {
		return nil
	}
	return &ticketsv1.Publication{IntegrationId: p.IntegrationID, PostId: p.PostID, Link: p.Link, Status: p.Status,
		PublishedAt: protoconv.TimestampPtr(p.PublishedAt), Error: p.Error, AttemptedAt: protoconv.TimestampPtr(p.AttemptedAt)}
}
