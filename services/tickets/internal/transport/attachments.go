package transport

import (
	"context"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/pkg/upload"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// AttachmentServer implements ticketsv1.TicketAttachmentServiceServer.
type AttachmentServer struct {
	ticketsv1.UnimplementedTicketAttachmentServiceServer
	att *domain.Attachments
}

// NewAttachmentServer returns the attachment handlers.
func NewAttachmentServer(att *domain.Attachments) *AttachmentServer {
	return &AttachmentServer{att: att}
}

// UploadAttachment receives the header, checks that the caller may attach
// to the ticket, then the file (bounded by the limit) and stores it.
func (s *AttachmentServer) UploadAttachment(stream ticketsv1.TicketAttachmentService_UploadAttachmentServer) error {
	ctx := stream.Context()
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return err
	}
	var ticketID string
	h, data, err := upload.Receive(stream.Recv, func(h *ticketsv1.UploadAttachmentHeader) (int, error) {
		var perr error
		if ticketID, perr = ids.Parse(h.GetId()); perr != nil {
			return 0, perr
		}
		return s.att.MaxBytes(), s.att.CanAttach(ctx, p, ticketID)
	})
	if err != nil {
		return err
	}
	a, err := s.att.Upload(ctx, p, ticketID, h.GetFilename(), data)
	if err != nil {
		return err
	}
	return stream.SendAndClose(&ticketsv1.UploadAttachmentResponse{Attachment: toAttachment(a)})
}

// ListAttachments lists a ticket's attachments.
func (s *AttachmentServer) ListAttachments(ctx context.Context, req *ticketsv1.ListAttachmentsRequest) (*ticketsv1.ListAttachmentsResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	as, n, err := s.att.List(ctx, p, id, pg)
	if err != nil {
		return nil, err
	}
	out := &ticketsv1.ListAttachmentsResponse{Data: make([]*ticketsv1.Attachment, 0, len(as)), Total: protoconv.Total(n)}
	for _, a := range as {
		out.Data = append(out.Data, toAttachment(a))
	}
	return out, nil
}

// GetAttachment reads an attachment with its download link.
func (s *AttachmentServer) GetAttachment(ctx context.Context, req *ticketsv1.GetAttachmentRequest) (*ticketsv1.GetAttachmentResponse, error) {
	p, id, attID, err := callerAndIDs(ctx, req.GetId(), req.GetAttachmentId())
	if err != nil {
		return nil, err
	}
	a, link, err := s.att.Get(ctx, p, id, attID)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.GetAttachmentResponse{Attachment: toAttachment(a), Url: link.URL, UrlExpiresAt: protoconv.Timestamp(link.ExpiresAt)}, nil
}

// DeleteAttachment removes an attachment.
func (s *AttachmentServer) DeleteAttachment(ctx context.Context, req *ticketsv1.DeleteAttachmentRequest) (*ticketsv1.DeleteAttachmentResponse, error) {
	p, id, attID, err := callerAndIDs(ctx, req.GetId(), req.GetAttachmentId())
	if err != nil {
		return nil, err
	}
	a, err := s.att.Delete(ctx, p, id, attID)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.DeleteAttachmentResponse{Attachment: toAttachment(a)}, nil
}

func callerAndIDs(ctx context.Context, rawID, rawAttID string) (p principal.Principal, id, attID string, err error) {
	if p, id, err = grpcserver.CallerAndID(ctx, rawID); err != nil {
		return p, "", "", err
	}
	attID, err = ids.Parse(rawAttID)
	return p, id, attID, err
}

func toAttachment(a domain.Attachment) *ticketsv1.Attachment {
	return &ticketsv1.Attachment{Id: a.ID, TicketId: a.TicketID, Name: a.Name, ContentType: a.ContentType,
		SizeBytes: int32(a.Size), UploadedBy: a.UploadedBy, CreatedAt: protoconv.Timestamp(a.CreatedAt)}
}
