package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

const benchTokens = 64

// BenchmarkLLMStreamOverhead measures what the gateway and the llm service
// (the real binaries: HTTP + JWT at the edge, gRPC, admission on FerretDB,
// routing, the OpenAI SDK, metering) add over streaming from the local fake
// OpenAI server directly, for the same benchTokens tokens sent without
// delay. Each iteration streams once directly (plain HTTP, SSE) and once
// through POST /api/llm/completion/stream. Reported per stream:
//
//	direct-ttft-µs, gateway-ttft-µs, ttft-overhead-µs: time to first token
//	direct-µs/token, gateway-µs/token, overhead-µs/token: (last token −
//	  first token) / (tokens − 1)
//	direct-total-µs, gateway-total-µs: until the stream ends (through the
//	  gateway that includes metering and the usage event)
//
//	make bench, or: bin/devdb -- go test ./e2e/ -run '^$' -bench LLM -benchtime 200x
func BenchmarkLLMStreamOverhead(b *testing.B) {
	writer, err := setupBenchCompany()
	if err != nil {
		b.Fatal(err)
	}
	toks := make([]string, benchTokens)
	for i := range toks {
		toks[i] = fmt.Sprintf(" t%d", i)
	}
	s := fakeLLM.NewScript(b, toks...)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	defer client.CloseIdleConnections()
	direct := func(ctx context.Context) (timing, error) {
		return timeStream(ctx, client, fakeLLM.BaseURL()+"/chat/completions", "test-key", map[string]any{
			"model": "gpt-4o-mini", "stream": true, "max_tokens": 256,
			"messages": []any{map[string]any{"role": "user", "content": s.Prompt("bench")}},
		}, directDelta)
	}
	viaGateway := func(ctx context.Context) (timing, error) {
		return timeStream(ctx, client, env.url+"/api/llm/completion/stream", writer.Access,
			map[string]any{"prompt": s.Prompt("bench"), "max_tokens": 256}, gatewayDelta)
	}
	// warm both paths (connections, the service's provider client)
	ctx := b.Context()
	for _, f := range []func(context.Context) (timing, error){direct, viaGateway} {
		if _, err := f(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var d, g timing
	b.ResetTimer()
	for range b.N {
		t, err := direct(ctx)
		if err != nil {
			b.Fatal(err)
		}
		d.add(t)
		if t, err = viaGateway(ctx); err != nil {
			b.Fatal(err)
		}
		g.add(t)
	}
	b.StopTimer()
	n := float64(b.N)
	us := func(x time.Duration) float64 { return float64(x) / n / 1e3 }
	perTok := func(t timing) float64 { return us(t.last-t.first) / (benchTokens - 1) }
	b.ReportMetric(us(d.first), "direct-ttft-µs")
	b.ReportMetric(us(g.first), "gateway-ttft-µs")
	b.ReportMetric(us(g.first-d.first), "ttft-overhead-µs")
	b.ReportMetric(perTok(d), "direct-µs/token")
	b.ReportMetric(perTok(g), "gateway-µs/token")
	b.ReportMetric(perTok(g)-perTok(d), "overhead-µs/token")
	b.ReportMetric(us(d.total), "direct-total-µs")
	b.ReportMetric(us(g.total), "gateway-total-µs")
}

// timing is when the first and the last token arrived and when the stream
// ended, from the start of the request (summed over iterations by add).
type timing struct{ first, last, total time.Duration }

func (t *timing) add(o timing) {
	t.first, t.last, t.total = t.first+o.first, t.last+o.last, t.total+o.total
}

// directDelta extracts the token of an OpenAI chunk ("" for others).
func directDelta(ev sseEvent) (string, bool) {
	if ev.data == "[DONE]" {
		return "", true
	}
	var c struct {
		Choices []struct {
			Delta struct {
				Content string `json:"content"`
			} `json:"delta"`
		} `json:"choices"`
	}
	if json.Unmarshal([]byte(ev.data), &c) != nil || len(c.Choices) == 0 {
		return "", false
	}
	return c.Choices[0].Delta.Content, false
}

// gatewayDelta extracts the token of a gateway event ("" for the usage one).
func gatewayDelta(ev sseEvent) (string, bool) {
	if ev.name != "" {
		return "", ev.name == "usage"
	}
	var d struct {
		Delta string `json:"delta"`
	}
	_ = json.Unmarshal([]byte(ev.data), &d)
	return d.Delta, false
}

// timeStream streams one completion and times its tokens; it fails unless
// exactly benchTokens tokens arrived.
func timeStream(ctx context.Context, c *http.Client, url, token string, body any,
	delta func(sseEvent) (tok string, end bool)) (timing, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	start := time.Now()
	resp, err := openStream(ctx, c, url, token, body)
	if err != nil {
		return timing{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return timing{}, fmt.Errorf("%s: %d %s", url, resp.StatusCode, b)
	}
	var t timing
	got := 0
	events := newSSEReader(resp.Body)
	for {
		ev, err := events.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return timing{}, err
		}
		tok, end := delta(ev)
		if tok != "" {
			if got++; got == 1 {
				t.first = time.Since(start)
			}
			t.last = time.Since(start)
		}
		if end {
			_, _ = io.Copy(io.Discard, resp.Body) // let the connection be reused
			break
		}
	}
	t.total = time.Since(start)
	if got != benchTokens {
		return timing{}, fmt.Errorf("%s: %d tokens, want %d", url, got, benchTokens)
	}
	return t, nil
}
