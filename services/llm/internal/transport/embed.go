package transport

import (
	"context"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// Embed answers one vector per text.
func (s *Server) Embed(ctx context.Context, req *llmv1.EmbedRequest) (*llmv1.EmbedResponse, error) {
	c, err := billed(ctx, req.GetCompanyId())
	if err != nil {
		return nil, err
	}
	res, err := s.svc.Embed(ctx, c, domain.EmbedInput{Texts: req.GetTexts(), Model: req.GetModel(), Provider: req.GetProvider()})
	if err != nil {
		return nil, err
	}
	out := &llmv1.EmbedResponse{Model: res.Model, Provider: res.Provider, Usage: usage(llm.Usage{PromptTokens: res.Usage.PromptTokens}),
		CostMicros: clamp32(res.CostMicros)}
	for _, v := range res.Vectors {
		out.Embeddings = append(out.Embeddings, &llmv1.Embedding{Vector: v})
	}
	if len(res.Vectors) > 0 {
		out.Dimensions = int32(len(res.Vectors[0]))
	}
	return out, nil
}
