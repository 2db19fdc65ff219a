package transport

import (
	"context"

	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// Server implements knowledgev1.KnowledgeServiceServer.
type Server struct {
	knowledgev1.UnimplementedKnowledgeServiceServer
	svc *domain.Service
}

// NewServer returns the knowledge handlers.
func NewServer(svc *domain.Service) *Server { return &Server{svc: svc} }

// CreateChunk stores a hand-written chunk.
func (s *Server) CreateChunk(ctx context.Context, req *knowledgev1.CreateChunkRequest) (*knowledgev1.CreateChunkResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.svc.CreateChunk(ctx, p, domain.NewChunk{
		Title: req.GetTitle(), Content: req.GetContent(), SourceID: req.GetSourceId(), HeadingPath: req.GetHeadingPath(),
		Tags: req.GetTags(), AgentIDs: req.GetAgentIds(), Position: int(req.GetPosition()), CompanyID: req.GetCompanyId(),
	})
	if err != nil {
		return nil, err
	}
	return &knowledgev1.CreateChunkResponse{Chunk: toChunk(c)}, nil
}

// GetChunk reads a chunk.
func (s *Server) GetChunk(ctx context.Context, req *knowledgev1.GetChunkRequest) (*knowledgev1.GetChunkResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := s.svc.GetChunk(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &knowledgev1.GetChunkResponse{Chunk: toChunk(c)}, nil
}

// ListChunks lists chunks.
func (s *Server) ListChunks(ctx context.Context, req *knowledgev1.ListChunksRequest) (*knowledgev1.ListChunksResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := ids.ParseFilters(&req.SourceId, &req.AgentId, &req.CompanyId); err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Sort: req.GetSort(), Order: req.GetOrder(),
		Sortable: domain.ChunkSorts, Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	cs, n, err := s.svc.ListChunks(ctx, p, req.GetCompanyId(), domain.ChunkFilter{
		Q: req.GetQ(), SourceID: req.GetSourceId(), Tag: req.GetTag(), AgentID: req.GetAgentId(),
	}, pg)
	if err != nil {
		return nil, err
	}
	return &knowledgev1.ListChunksResponse{Data: toChunks(cs), Total: protoconv.Total(n)}, nil
}

// UpdateChunk changes the fields that are set.
func (s *Server) UpdateChunk(ctx context.Context, req *knowledgev1.UpdateChunkRequest) (*knowledgev1.UpdateChunkResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	ch := domain.ChunkChanges{Title: req.Title, Content: req.Content}
	if req.Position != nil {
		pos := int(req.GetPosition())
		ch.Position = &pos
	}
	if ch.HeadingPath, err = protoconv.StringList("heading_path", req.GetHeadingPath()); err != nil {
		return nil, err
	}
	if ch.Tags, err = protoconv.StringList("tags", req.GetTags()); err != nil {
		return nil, err
	}
	if ch.AgentIDs, err = protoconv.StringList("agent_ids", req.GetAgentIds()); err != nil {
		return nil, err
	}
	c, err := s.svc.UpdateChunk(ctx, p, id, ch)
	if err != nil {
		return nil, err
	}
	return &knowledgev1.UpdateChunkResponse{Chunk: toChunk(c)}, nil
}

// DeleteChunk deletes a chunk.
func (s *Server) DeleteChunk(ctx context.Context, req *knowledgev1.DeleteChunkRequest) (*knowledgev1.DeleteChunkResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := s.svc.DeleteChunk(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &knowledgev1.DeleteChunkResponse{Chunk: toChunk(c)}, nil
}
