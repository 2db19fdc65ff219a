package transport_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

const benchTokens = 64

// BenchmarkStreamOverhead measures what the LLM service (gRPC, auth,
// admission with an in-memory store, routing, metering) adds over calling
// a local fake OpenAI server directly with the same SDK: time to first
// token and time per further token, each as service minus direct.
//
//	go test -run '^$' -bench StreamOverhead ./services/llm/internal/transport/
func BenchmarkStreamOverhead(b *testing.B) {
	toks := make([]string, benchTokens)
	for i := range toks {
		toks[i] = fmt.Sprintf(" t%d", i)
	}
	f := fakellm.OpenAI(toks...)
	defer f.Close()
	direct := provider.NewOpenAI(provider.OpenAIConfig{APIKey: "k", BaseURL: f.BaseURL(), Model: "gpt-4o-mini", EmbedModel: "text-embedding-3-small"})
	defer direct.Close()
	viaSvc := provider.NewOpenAI(provider.OpenAIConfig{APIKey: "k", BaseURL: f.BaseURL(), Model: "gpt-4o-mini", EmbedModel: "text-embedding-3-small"})
	defer viaSvc.Close()
	h := start(b, viaSvc)
	ctx := h.as(b, context.Background(), principal.RoleContentWriter, acme)

	var dFirst, dAll, sFirst, sAll time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		first, all, err := streamDirect(ctx, direct)
		if err != nil {
			b.Fatal(err)
		}
		dFirst, dAll = dFirst+first, dAll+all
		first, all, err = streamService(ctx, h.client)
		if err != nil {
			b.Fatal(err)
		}
		sFirst, sAll = sFirst+first, sAll+all
	}
	n := float64(b.N)
	perTok := func(first, all time.Duration) float64 {
		return float64(all-first) / n / float64(benchTokens-1) / 1e3
	}
	b.ReportMetric(float64(dFirst)/n/1e3, "direct-ttft-µs")
	b.ReportMetric(float64(sFirst)/n/1e3, "service-ttft-µs")
	b.ReportMetric(float64(sFirst-dFirst)/n/1e3, "ttft-overhead-µs")
	b.ReportMetric(perTok(dFirst, dAll), "direct-µs/token")
	b.ReportMetric(perTok(sFirst, sAll), "service-µs/token")
	b.ReportMetric(perTok(sFirst, sAll)-perTok(dFirst, dAll), "overhead-µs/token")
}

func streamDirect(ctx context.Context, p llm.Provider) (first, all time.Duration, err error) {
	start := time.Now()
	_, err = p.Stream(ctx, llm.Request{Model: "gpt-4o-mini", MaxTokens: 256, Messages: []llm.Message{{Role: "user", Content: "hi"}}},
		func(string) error {
			if first == 0 {
				first = time.Since(start)
			}
			return nil
		})
	return first, time.Since(start), err
}

func streamService(ctx context.Context, c llmv1.LLMServiceClient) (first, all time.Duration, err error) {
	start := time.Now()
	s, err := c.StreamComplete(ctx, &llmv1.StreamCompleteRequest{Prompt: "hi", MaxTokens: 256})
	if err != nil {
		return 0, 0, err
	}
	for {
		m, err := s.Recv()
		if errors.Is(err, io.EOF) {
			return first, time.Since(start), nil
		}
		if err != nil {
			return 0, 0, err
		}
		if first == 0 && m.GetDelta() != "" {
			first = time.Since(start)
		}
	}
}
