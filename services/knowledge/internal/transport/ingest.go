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

// Ingest splits, embeds and stores a document.
func (s *Server) Ingest(ctx context.Context, req *knowledgev1.IngestRequest) (*knowledgev1.IngestResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	res, err := s.svc.Ingest(ctx, p, domain.IngestInput{
		Title: req.GetTitle(), Format: req.GetFormat(), Content: req.GetContent(),
		SourceType: req.GetSource().GetType(), Ref: req.GetSource().GetRef(), URL: req.GetSource().GetUrl(),
		Tags: req.GetTags(), AgentIDs: req.GetAgentIds(), CompanyID: req.GetCompanyId(),
		Chunking: domain.Chunking{MaxTokens: int(req.GetChunking().GetMaxTokens()), OverlapTokens: int(req.GetChunking().GetOverlapTokens())},
	})
	if err != nil {
		return nil, err
	}
	return &knowledgev1.IngestResponse{Source: toSource(res.Source), Chunks: toChunks(res.Chunks), Unchanged: res.Unchanged}, nil
}

// Search ranks the company's chunks.
func (s *Server) Search(ctx context.Context, req *knowledgev1.SearchRequest) (*knowledgev1.SearchResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	res, err := s.svc.Search(ctx, p, domain.SearchInput{
		Query: req.GetQuery(), TopK: int(req.GetTopK()), Mode: req.GetMode(), CompanyID: req.GetCompanyId(),
		Filter: domain.SearchFilter{Tags: req.GetTags(), AgentID: req.GetAgentId(), SourceIDs: req.GetSourceIds()},
	})
	if err != nil {
		return nil, err
	}
	out := &knowledgev1.SearchResponse{Data: make([]*knowledgev1.SearchHit, 0, len(res.Hits)), Mode: res.Mode,
		EmbeddingModel: res.EmbeddingModel, Total: int32(len(res.Hits))}
	for _, h := range res.Hits {
		out.Data = append(out.Data, toHit(h))
	}
	return out, nil
}

// ListSources lists sources.
func (s *Server) ListSources(ctx context.Context, req *knowledgev1.ListSourcesRequest) (*knowledgev1.ListSourcesResponse, error) {
	p, err := grpcserver.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := ids.ParseFilters(&req.CompanyId); err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Sort: req.GetSort(), Order: req.GetOrder(),
		Sortable: domain.SourceSorts, Default: "updated_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	ss, n, err := s.svc.ListSources(ctx, p, req.GetCompanyId(), domain.SourceFilter{Q: req.GetQ(), Type: req.GetType(), Tag: req.GetTag()}, pg)
	if err != nil {
		return nil, err
	}
	out := &knowledgev1.ListSourcesResponse{Data: make([]*knowledgev1.Source, 0, len(ss)), Total: protoconv.Total(n)}
	for _, src := range ss {
		out.Data = append(out.Data, toSource(src))
	}
	return out, nil
}

// GetSource reads a source.
func (s *Server) GetSource(ctx context.Context, req *knowledgev1.GetSourceRequest) (*knowledgev1.GetSourceResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	src, err := s.svc.GetSource(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &knowledgev1.GetSourceResponse{Source: toSource(src)}, nil
}

// DeleteSource deletes a source and its chunks.
func (s *Server) DeleteSource(ctx context.Context, req *knowledgev1.DeleteSourceRequest) (*knowledgev1.DeleteSourceResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	src, err := s.svc.DeleteSource(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &knowledgev1.DeleteSourceResponse{Source: toSource(src)}, nil
}
