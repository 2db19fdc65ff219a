// Package offlineembed is a domain.Embedder that computes the llm service's
// offline embeddings in process (pkg/embedhash): the same vectors llm's
// Embed RPC answers without an API key, without the RPC. Tests, benchmarks
// and the retrieval evaluation use it.
package offlineembed

import (
	"context"

	"github.com/copydesk/copydesk/pkg/embedhash"
)

// Model is the model name llm's offline provider reports for these vectors.
const Model = "offline-embed-256"

// Embedder embeds with embedhash.HashEmbed at embedhash.Dims dimensions.
type Embedder struct{}

// Embed returns one vector per text (the company is only billed by the
// real llm service).
func (Embedder) Embed(ctx context.Context, _ string, texts []string) ([][]float32, string, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if err := ctx.Err(); err != nil {
			return nil, "", err
		}
		out[i] = embedhash.HashEmbed(t, embedhash.Dims)
	}
	return out, Model, nil
}
