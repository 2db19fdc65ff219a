package transport

import (
	"context"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// WebhookServer implements ticketsv1.WebhookServiceServer.
type WebhookServer struct {
	ticketsv1.UnimplementedWebhookServiceServer
	svc *domain.Service
}

// NewWebhookServer returns the webhook handlers.
func NewWebhookServer(svc *domain.Service) *WebhookServer { return &WebhookServer{svc: svc} }

// CreateWebhook registers a webhook.
func (s *WebhookServer) CreateWebhook(ctx context.Context, req *ticketsv1.CreateWebhookRequest) (*ticketsv1.CreateWebhookResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	w, err := s.svc.CreateWebhook(ctx, p, domain.WebhookInput{
		URL: req.GetUrl(), Secret: req.GetSecret(), EventTypes: req.GetEventTypes(), Active: req.Active, CompanyID: req.GetCompanyId(),
	})
	if err != nil {
		return nil, err
	}
	return &ticketsv1.CreateWebhookResponse{Webhook: toWebhook(w)}, nil
}

// GetWebhook reads a webhook.
func (s *WebhookServer) GetWebhook(ctx context.Context, req *ticketsv1.GetWebhookRequest) (*ticketsv1.GetWebhookResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	w, err := s.svc.GetWebhook(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.GetWebhookResponse{Webhook: toWebhook(w)}, nil
}

// ListWebhooks lists webhooks.
func (s *WebhookServer) ListWebhooks(ctx context.Context, req *ticketsv1.ListWebhooksRequest) (*ticketsv1.ListWebhooksResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	ws, n, err := s.svc.ListWebhooks(ctx, p, req.Active, pg)
	if err != nil {
		return nil, err
	}
	out := &ticketsv1.ListWebhooksResponse{Data: make([]*ticketsv1.Webhook, 0, len(ws)), Total: protoconv.Total(n)}
	for _, w := range ws {
		out.Data = append(out.Data, toWebhook(w))
	}
	return out, nil
}

// UpdateWebhook changes a webhook.
func (s *WebhookServer) UpdateWebhook(ctx context.Context, req *ticketsv1.UpdateWebhookRequest) (*ticketsv1.UpdateWebhookResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	ch := domain.WebhookChanges{URL: req.Url, Secret: req.Secret, Active: req.Active}
	if req.GetReplaceEventTypes() {
		et := req.GetEventTypes()
		ch.EventTypes = &et
	}
	w, err := s.svc.UpdateWebhook(ctx, p, id, ch)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.UpdateWebhookResponse{Webhook: toWebhook(w)}, nil
}

// DeleteWebhook deletes a webhook.
func (s *WebhookServer) DeleteWebhook(ctx context.Context, req *ticketsv1.DeleteWebhookRequest) (*ticketsv1.DeleteWebhookResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	w, err := s.svc.DeleteWebhook(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.DeleteWebhookResponse{Webhook: toWebhook(w)}, nil
}
