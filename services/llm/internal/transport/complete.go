package transport

import (
	"context"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// Complete answers one completion.
func (s *Server) Complete(ctx context.Context, req *llmv1.CompleteRequest) (*llmv1.CompleteResponse, error) {
	c, err := billed(ctx, req.GetCompanyId())
	if err != nil {
		return nil, err
	}
	res, err := s.svc.Complete(ctx, c, domain.CompletionInput{
		Prompt: req.GetPrompt(), Messages: messages(req.GetMessages()), System: req.GetSystem(),
		Model: req.GetModel(), Provider: req.GetProvider(), MaxTokens: int(req.GetMaxTokens()), Temperature: req.Temperature,
		Format: format(req.GetResponseFormat()),
	})
	if err != nil {
		return nil, err
	}
	return &llmv1.CompleteResponse{
		Text: res.Text, Model: res.Model, Provider: res.Provider, Usage: usage(res.Usage),
		CostMicros: clamp32(res.CostMicros), FinishReason: res.FinishReason,
	}, nil
}

// StreamComplete streams one completion: one message per piece of text,
// then a final message with done, usage and cost. The stream's context is
// the client's: when it goes away the upstream call is cancelled.
func (s *Server) StreamComplete(req *llmv1.StreamCompleteRequest, stream llmv1.LLMService_StreamCompleteServer) error {
	ctx := stream.Context()
	c, err := billed(ctx, req.GetCompanyId())
	if err != nil {
		return err
	}
	res, err := s.svc.Stream(ctx, c, domain.CompletionInput{
		Prompt: req.GetPrompt(), Messages: messages(req.GetMessages()), System: req.GetSystem(),
		Model: req.GetModel(), Provider: req.GetProvider(), MaxTokens: int(req.GetMaxTokens()), Temperature: req.Temperature,
	}, func(c domain.Chunk) error {
		return stream.Send(&llmv1.StreamCompleteResponse{Delta: c.Delta, Model: c.Model, Provider: c.Provider})
	})
	if err != nil {
		return err
	}
	return stream.Send(&llmv1.StreamCompleteResponse{
		Done: true, Model: res.Model, Provider: res.Provider, Usage: usage(res.Usage),
		CostMicros: clamp32(res.CostMicros), FinishReason: res.FinishReason,
	})
}

// format is the domain's response format of a request's.
func format(f *llmv1.ResponseFormat) llm.Format {
	return llm.Format{Type: f.GetType(), Schema: f.GetJsonSchema(), Name: f.GetName()}
}
