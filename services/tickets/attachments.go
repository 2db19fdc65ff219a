package main

import (
	"context"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
	"github.com/copydesk/copydesk/services/tickets/internal/transport"
)

// wireAttachments opens the file store (S3 when AWS_S3_BUCKET is set, the
// disk under DATA_DIR otherwise) and serves the attachment RPCs.
func wireAttachments(ctx context.Context, env *service.Env, c Config, svc *domain.Service) error {
	files, err := blobstore.Open(ctx, c.Files)
	if err != nil {
		return err
	}
	att, err := domain.NewAttachments(svc, store.NewAttachments(env.DB), files, c.AttachmentMaxBytes)
	if err != nil {
		return err
	}
	ticketsv1.RegisterTicketAttachmentServiceServer(env.Server, transport.NewAttachmentServer(att))
	return nil
}
