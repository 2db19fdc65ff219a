// Package embedder adapts the llm service's Embed RPC to the knowledge
// domain's Embedder: one call per batch, the configured model named
// explicitly (so the llm service never picks another one), billed to the
// chunks' company.
package embedder

import (
	"context"
	"fmt"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// LLM embeds through the llm service.
type LLM struct {
	Client llmv1.LLMServiceClient
	Model  string
}

var _ domain.Embedder = (*LLM)(nil)

// Embed embeds texts billed to company. A user of that company calls with
// their own identity (their usage shows them); a superadmin acting for
// another company, and the service's background jobs, call as the
// knowledge service naming the company.
func (e *LLM) Embed(ctx context.Context, company string, texts []string) ([][]float32, string, error) {
	req := &llmv1.EmbedRequest{Texts: texts, Model: e.Model}
	if p, ok := principal.From(ctx); !ok || p.CompanyID != company {
		ctx = grpcclient.AsService(ctx)
		req.CompanyId = company
	}
	resp, err := e.Client.Embed(ctx, req)
	if err != nil {
		return nil, "", fmt.Errorf("embed: %w", err)
	}
	out := make([][]float32, len(resp.GetEmbeddings()))
	for i, v := range resp.GetEmbeddings() {
		out[i] = v.GetVector()
	}
	return out, resp.GetModel(), nil
}
