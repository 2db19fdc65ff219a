package transport

import (
	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

func toChunk(c domain.Chunk) *knowledgev1.Chunk {
	return &knowledgev1.Chunk{
		Id: c.ID, CompanyId: c.CompanyID, SourceId: c.SourceID, Title: c.Title, HeadingPath: protoconv.Strings(c.HeadingPath),
		Content: c.Content, Position: int32(c.Position), Tags: protoconv.Strings(c.Tags), AgentIds: protoconv.Strings(c.AgentIDs),
		TokenCount: int32(c.TokenCount), CreatedAt: protoconv.Timestamp(c.CreatedAt), UpdatedAt: protoconv.Timestamp(c.UpdatedAt),
	}
}

func toChunks(cs []domain.Chunk) []*knowledgev1.Chunk {
	out := make([]*knowledgev1.Chunk, 0, len(cs))
	for _, c := range cs {
		out = append(out, toChunk(c))
	}
	return out
}

func toSource(s domain.Source) *knowledgev1.Source {
	return &knowledgev1.Source{
		Id: s.ID, CompanyId: s.CompanyID, Title: s.Title, Type: s.Type, Ref: s.Ref, Url: s.URL, Format: s.Format,
		ContentHash: s.ContentHash, ChunkCount: int32(s.ChunkCount), Status: s.Status, Tags: protoconv.Strings(s.Tags),
		AgentIds: protoconv.Strings(s.AgentIDs), EmbeddingModel: s.EmbeddingModel,
		CreatedAt: protoconv.Timestamp(s.CreatedAt), UpdatedAt: protoconv.Timestamp(s.UpdatedAt), File: toSourceFile(s.File),
	}
}

func toSourceFile(f *domain.SourceFile) *knowledgev1.SourceFile {
	if f == nil {
		return nil
	}
	return &knowledgev1.SourceFile{Name: f.Name, ContentType: f.ContentType, SizeBytes: int32(f.Size)}
}

func toHit(h domain.Hit) *knowledgev1.SearchHit {
	return &knowledgev1.SearchHit{
		Chunk: toChunk(h.Chunk), Score: h.Score, Highlights: protoconv.Strings(h.Highlights), Trust: domain.Trust,
		Source: &knowledgev1.SourceSummary{Id: h.Source.ID, Title: h.Source.Title, Ref: h.Source.Ref, Url: h.Source.URL},
	}
}
