package transport

import (
	"context"

	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/pkg/upload"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// UploadSource receives the header, checks the caller's target company,
// then the file (bounded by the limit), and ingests it.
func (s *Server) UploadSource(stream knowledgev1.KnowledgeService_UploadSourceServer) error {
	ctx := stream.Context()
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return err
	}
	h, data, err := upload.Receive(stream.Recv, func(h *knowledgev1.UploadSourceHeader) (int, error) {
		if err := ids.ParseFilters(&h.CompanyId); err != nil {
			return 0, err
		}
		return s.svc.MaxUploadBytes(), s.svc.CanUpload(ctx, p, h.GetCompanyId())
	})
	if err != nil {
		return err
	}
	res, err := s.svc.Upload(ctx, p, domain.UploadInput{
		Filename: h.GetFilename(), Title: h.GetTitle(), Ref: h.GetRef(), Tags: h.GetTags(), AgentIDs: h.GetAgentIds(),
		CompanyID: h.GetCompanyId(), Data: data,
	})
	if err != nil {
		return err
	}
	return stream.SendAndClose(&knowledgev1.UploadSourceResponse{Source: toSource(res.Source),
		ChunkCount: int32(len(res.Chunks)), Unchanged: res.Unchanged})
}

// GetSourceFile issues a download link for a source's original file.
func (s *Server) GetSourceFile(ctx context.Context, req *knowledgev1.GetSourceFileRequest) (*knowledgev1.GetSourceFileResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	f, link, err := s.svc.SourceFileLink(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &knowledgev1.GetSourceFileResponse{File: toSourceFile(&f), Url: link.URL, ExpiresAt: protoconv.Timestamp(link.ExpiresAt)}, nil
}
