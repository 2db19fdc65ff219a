package transport

import (
	"context"

	"google.golang.org/grpc/metadata"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// IntegrationServer implements agentsv1.IntegrationServiceServer.
type IntegrationServer struct {
	agentsv1.UnimplementedIntegrationServiceServer
	svc *integrations.Service
}

// NewIntegrationServer returns the integration handlers.
func NewIntegrationServer(svc *integrations.Service) *IntegrationServer {
	return &IntegrationServer{svc: svc}
}

// CreateIntegration connects a shop or a site.
func (s *IntegrationServer) CreateIntegration(ctx context.Context, req *agentsv1.CreateIntegrationRequest) (*agentsv1.CreateIntegrationResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	secret := req.GetAccessToken()
	if req.GetKind() == integrations.KindWordPress {
		secret = req.GetApplicationPassword()
	}
	it, err := s.svc.Create(ctx, p, integrations.Input{Kind: req.GetKind(), Name: req.GetName(), ShopDomain: req.GetShopDomain(),
		APIVersion: req.GetApiVersion(), SiteURL: req.GetSiteUrl(), Username: req.GetUsername(), Secret: secret,
		SyncMinutes: int(req.GetSyncIntervalMinutes()), Active: req.Active, CompanyID: req.GetCompanyId()})
	if err != nil {
		return nil, err
	}
	return &agentsv1.CreateIntegrationResponse{Integration: toIntegration(it)}, nil
}

// GetIntegration reads a connection.
func (s *IntegrationServer) GetIntegration(ctx context.Context, req *agentsv1.GetIntegrationRequest) (*agentsv1.GetIntegrationResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	it, err := s.svc.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &agentsv1.GetIntegrationResponse{Integration: toIntegration(it)}, nil
}

// ListIntegrations lists connections.
func (s *IntegrationServer) ListIntegrations(ctx context.Context, req *agentsv1.ListIntegrationsRequest) (*agentsv1.ListIntegrationsResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Sort: req.GetSort(), Order: req.GetOrder(),
		Sortable: integrations.Sorts, Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	company := req.GetCompanyId()
	if err := ids.ParseFilters(&company); err != nil {
		return nil, err
	}
	list, total, err := s.svc.List(ctx, p, company, req.GetKind(), pg)
	if err != nil {
		return nil, err
	}
	out := &agentsv1.ListIntegrationsResponse{Data: make([]*agentsv1.Integration, 0, len(list)), Total: protoconv.Total(total)}
	for _, it := range list {
		out.Data = append(out.Data, toIntegration(it))
	}
	return out, nil
}

// UpdateIntegration changes a connection.
func (s *IntegrationServer) UpdateIntegration(ctx context.Context, req *agentsv1.UpdateIntegrationRequest) (*agentsv1.UpdateIntegrationResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	ch := integrations.Changes{Name: req.Name, ShopDomain: req.ShopDomain, APIVersion: req.ApiVersion, SiteURL: req.SiteUrl,
		Username: req.Username, Active: req.Active, Secret: req.AccessToken}
	if req.ApplicationPassword != nil {
		if ch.Secret != nil {
			return nil, secretTwice()
		}
		ch.Secret = req.ApplicationPassword
	}
	if req.SyncIntervalMinutes != nil {
		m := int(req.GetSyncIntervalMinutes())
		ch.SyncMinutes = &m
	}
	it, err := s.svc.Update(ctx, p, id, ch)
	if err != nil {
		return nil, err
	}
	return &agentsv1.UpdateIntegrationResponse{Integration: toIntegration(it)}, nil
}

// DeleteIntegration removes a connection.
func (s *IntegrationServer) DeleteIntegration(ctx context.Context, req *agentsv1.DeleteIntegrationRequest) (*agentsv1.DeleteIntegrationResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	it, err := s.svc.Delete(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &agentsv1.DeleteIntegrationResponse{Integration: toIntegration(it)}, nil
}

// TestIntegration checks a connection's credentials.
func (s *IntegrationServer) TestIntegration(ctx context.Context, req *agentsv1.TestIntegrationRequest) (*agentsv1.TestIntegrationResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	r, err := s.svc.Test(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &agentsv1.TestIntegrationResponse{Ok: r.OK, Message: r.Message}, nil
}

// SyncIntegration starts a sync job.
func (s *IntegrationServer) SyncIntegration(ctx context.Context, req *agentsv1.SyncIntegrationRequest) (*agentsv1.SyncIntegrationResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	j, err := s.svc.StartSync(ctx, p, id, req.GetFull())
	if err != nil {
		return nil, err
	}
	return &agentsv1.SyncIntegrationResponse{Job: toJob(j)}, nil
}

// ListSyncJobs lists a connection's jobs.
func (s *IntegrationServer) ListSyncJobs(ctx context.Context, req *agentsv1.ListSyncJobsRequest) (*agentsv1.ListSyncJobsResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	jobs, total, err := s.svc.ListJobs(ctx, p, id, pg)
	if err != nil {
		return nil, err
	}
	out := &agentsv1.ListSyncJobsResponse{Data: make([]*agentsv1.SyncJob, 0, len(jobs)), Total: protoconv.Total(total)}
	for _, j := range jobs {
		out.Data = append(out.Data, toJob(j))
	}
	return out, nil
}

// PostSlugHeader is the gRPC metadata of PublishPost that carries the
// post's marker slug (tickets: copydesk-<ticket id>); a create adopts the
// post that has it (integrations.PublishInput). Metadata, not a request
// field, so that the message stays as it is; a caller without it gets
// the plain create.
const PostSlugHeader = "copydesk-post-slug"

// PublishPost writes a WordPress post (internal; the tickets service).
func (s *IntegrationServer) PublishPost(ctx context.Context, req *agentsv1.PublishPostRequest) (*agentsv1.PublishPostResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ids.Parse(req.GetIntegrationId())
	if err != nil {
		return nil, err
	}
	var slug string
	if v := metadata.ValueFromIncomingContext(ctx, PostSlugHeader); len(v) > 0 {
		slug = v[0]
	}
	r, err := s.svc.Publish(ctx, p, integrations.PublishInput{IntegrationID: id, CompanyID: req.GetCompanyId(), PostID: req.GetPostId(),
		Post:       integrations.Post{Title: req.GetTitle(), Content: req.GetContent(), Excerpt: req.GetExcerpt(), Status: req.GetStatus(), Slug: slug},
		Categories: req.GetCategories(), Tags: req.GetTags()})
	if err != nil {
		return nil, err
	}
	return &agentsv1.PublishPostResponse{PostId: r.ID, Link: r.Link, Status: r.Status}, nil
}
