package transport

import (
	"context"
	"errors"
	"fmt"
	"io"

	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/directory"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// Knowledge is the domain's Retriever: the knowledge service's Search,
// called with the caller's identity (pkg/grpcclient forwards it) and the
// agent's company named explicitly. Its errors come back as they are
// (their gRPC status is the caller's answer).
type Knowledge struct {
	Client knowledgev1.KnowledgeServiceClient
}

// Search implements domain.Retriever.
func (k Knowledge) Search(ctx context.Context, q domain.SearchQuery) ([]domain.Chunk, error) {
	resp, err := k.Client.Search(ctx, &knowledgev1.SearchRequest{Query: q.Query, TopK: int32(q.TopK), Mode: "hybrid",
		Tags: q.Tags, SourceIds: q.SourceIDs, AgentId: q.AgentID, CompanyId: q.CompanyID})
	if err != nil {
		return nil, fmt.Errorf("knowledge search: %w", err)
	}
	out := make([]domain.Chunk, 0, len(resp.GetData()))
	for _, h := range resp.GetData() {
		c, src := h.GetChunk(), h.GetSource()
		out = append(out, domain.Chunk{ID: c.GetId(), CompanyID: c.GetCompanyId(), Title: c.GetTitle(), HeadingPath: c.GetHeadingPath(),
			Content: c.GetContent(), Score: h.GetScore(),
			Source: domain.Source{ID: src.GetId(), Title: src.GetTitle(), Ref: src.GetRef(), URL: src.GetUrl()}})
	}
	return out, nil
}

// LLM is the domain's LLM: the llm service's Complete, or StreamComplete
// when the answer streams, with the caller's identity. Errors keep their
// gRPC status (a 429 keeps its RetryInfo).
type LLM struct{ Client llmv1.LLMServiceClient }

// Complete implements domain.LLM.
func (l LLM) Complete(ctx context.Context, c domain.Completion, onDelta func(string) error) (domain.Answer, error) {
	msgs := make([]*llmv1.Message, 0, len(c.Messages))
	for _, m := range c.Messages {
		msgs = append(msgs, &llmv1.Message{Role: m.Role, Content: m.Content})
	}
	temp := c.Temperature
	if onDelta == nil {
		r, err := l.Client.Complete(ctx, &llmv1.CompleteRequest{Messages: msgs, System: c.System, Model: c.Model, Provider: c.Provider,
			MaxTokens: int32(c.MaxTokens), Temperature: &temp, ResponseFormat: responseFormat(c)})
		if err != nil {
			return domain.Answer{}, fmt.Errorf("llm complete: %w", err)
		}
		return domain.Answer{Text: r.GetText(), Model: r.GetModel(), Provider: r.GetProvider(), FinishReason: r.GetFinishReason(),
			Usage: usage(r.GetUsage(), r.GetCostMicros())}, nil
	}
	ctx, cancel := context.WithCancel(ctx) // ends the upstream stream on every return
	defer cancel()
	stream, err := l.Client.StreamComplete(ctx, &llmv1.StreamCompleteRequest{Messages: msgs, System: c.System, Model: c.Model,
		Provider: c.Provider, MaxTokens: int32(c.MaxTokens), Temperature: &temp})
	if err != nil {
		return domain.Answer{}, fmt.Errorf("llm stream: %w", err)
	}
	var text []byte
	for {
		m, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return domain.Answer{}, fmt.Errorf("llm stream ended without its final message: %w", io.ErrUnexpectedEOF)
		}
		if err != nil {
			return domain.Answer{}, fmt.Errorf("llm stream: %w", err)
		}
		if m.GetDone() {
			return domain.Answer{Text: string(text), Model: m.GetModel(), Provider: m.GetProvider(), FinishReason: m.GetFinishReason(),
				Usage: usage(m.GetUsage(), m.GetCostMicros())}, nil
		}
		text = append(text, m.GetDelta()...)
		if err := onDelta(m.GetDelta()); err != nil {
			return domain.Answer{}, fmt.Errorf("send delta: %w", err)
		}
	}
}

// responseFormat asks for JSON when the completion has a schema.
func responseFormat(c domain.Completion) *llmv1.ResponseFormat {
	if c.JSONSchema == "" {
		return nil
	}
	return &llmv1.ResponseFormat{Type: "json", JsonSchema: c.JSONSchema, Name: "content_plan"}
}

func usage(u *llmv1.Usage, cost int32) domain.Usage {
	return domain.Usage{PromptTokens: int(u.GetPromptTokens()), CompletionTokens: int(u.GetCompletionTokens()),
		TotalTokens: int(u.GetTotalTokens()), CostMicros: int(cost)}
}

// CompanyLookup adapts the users directory to the domain's company check
// (a superadmin naming a company).
func CompanyLookup(d *directory.Client) domain.CompanyLookup {
	return func(ctx context.Context, id string) (bool, error) {
		c, err := d.LookupCompany(ctx, id)
		return c.Active, err
	}
}
