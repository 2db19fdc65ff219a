package index_test

import (
	"fmt"
	"testing"

	"github.com/copydesk/copydesk/pkg/embedhash"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
)

// mk builds an embedded chunk.
func mk(company, id, content string, opts ...func(*domain.Chunk)) domain.Chunk {
	c := domain.Chunk{ID: id, CompanyID: company, SourceID: "src-" + id, Title: "", Content: content}
	for _, o := range opts {
		o(&c)
	}
	c.EmbeddingModel, c.Vector = "offline", embedhash.HashEmbed(c.IndexText(), embedhash.Dims)
	return c
}

func tags(t ...string) func(*domain.Chunk)   { return func(c *domain.Chunk) { c.Tags = t } }
func agents(a ...string) func(*domain.Chunk) { return func(c *domain.Chunk) { c.AgentIDs = a } }
func source(s string) func(*domain.Chunk)    { return func(c *domain.Chunk) { c.SourceID = s } }

func query(text string, mode string, k int, f domain.SearchFilter) domain.IndexQuery {
	return domain.IndexQuery{Text: text, Vector: embedhash.HashEmbed(text, embedhash.Dims), Mode: mode, K: k, Filter: f}
}

func ids(hits []domain.IndexHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Chunk.ID
	}
	return out
}

func upsert(t testing.TB, x *index.Index, cs ...domain.Chunk) {
	t.Helper()
	if err := x.Upsert(cs); err != nil {
		t.Fatal(err)
	}
}

var modes = []string{domain.ModeKeyword, domain.ModeVector, domain.ModeHybrid}

// filler returns n chunks of a company that all talk about running shoes.
func filler(company string, n int, opts ...func(*domain.Chunk)) []domain.Chunk {
	out := make([]domain.Chunk, n)
	for i := range out {
		out[i] = mk(company, fmt.Sprintf("%s-fill-%d", company, i),
			fmt.Sprintf("Red running shoes model %d are light, breathable running shoes for summer running.", i), opts...)
	}
	return out
}
