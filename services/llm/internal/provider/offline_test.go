package provider_test

import (
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/embedhash"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

func TestOfflineIsDeterministicAndStreamsTokenByToken(t *testing.T) {
	t.Parallel()
	var p provider.Offline
	req := llm.Request{Messages: []llm.Message{{Role: "user", Content: "Write a tagline for red running shoes"}}}
	a, err := p.Complete(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.Complete(t.Context(), req)
	if a.Text != b.Text || a.Provider != "offline" || !strings.Contains(a.Text, "offline") || !strings.Contains(a.Text, "red running shoes") {
		t.Fatalf("answers %q / %q from %q", a.Text, b.Text, a.Provider)
	}
	var pieces []string
	s, err := p.Stream(t.Context(), req, func(d string) error { pieces = append(pieces, d); return nil })
	if err != nil || strings.Join(pieces, "") != a.Text || len(pieces) < 5 || s.Usage.CompletionTokens != len(pieces) {
		t.Fatalf("stream %q (%v), want %q in several pieces", pieces, err, a.Text)
	}
	req.MaxTokens = 3
	short, _ := p.Complete(t.Context(), req)
	if short.FinishReason != "length" || short.Usage.CompletionTokens != 3 {
		t.Fatalf("max_tokens 3 gave %+v", short)
	}
}

func TestOfflineEmbeddingsRankRelatedTextFirst(t *testing.T) {
	t.Parallel()
	docs := []string{
		"Our return policy: shoes can be returned within 30 days",
		"The summer collection of red running shoes is light and breathable",
		"Company history: founded in 1999 in Lisbon",
		"Shipping to Europe takes three to five business days",
	}
	queries := map[string]int{
		"lightweight red running shoe for summer": 1,
		"how many days to return shoes":           0,
		"when was the company founded":            2,
		"shipping time to europe":                 3,
	}
	var p provider.Offline
	res, err := p.Embed(t.Context(), llm.EmbedRequest{Texts: docs})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range res.Vectors {
		if len(v) != embedhash.Dims || math.Abs(norm(v)-1) > 1e-4 {
			t.Fatalf("vector of %d dims, norm %f; want %d, 1", len(v), norm(v), embedhash.Dims)
		}
	}
	for q, want := range queries {
		qv := embedhash.HashEmbed(q, embedhash.Dims)
		idx := []int{0, 1, 2, 3}
		sort.Slice(idx, func(i, j int) bool { return dot(qv, res.Vectors[idx[i]]) > dot(qv, res.Vectors[idx[j]]) })
		if idx[0] != want {
			t.Errorf("%q ranked %q first, want %q", q, docs[idx[0]], docs[want])
		}
	}
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func norm(v []float32) float64 { return math.Sqrt(dot(v, v)) }
