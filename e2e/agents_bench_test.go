package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

// BenchmarkAgentChatTTFT measures the time to the first token of a chat
// answer through the gateway → agents → knowledge (hybrid search of the
// company's chunks, top_k 3) + llm (the fake OpenAI server) against
// streaming the same tokens from the fake directly. Each iteration streams
// once directly and once through POST /api/agents/{id}/chat/stream.
// Reported: the medians (p50) of both and of the difference,
//
//	direct-ttft-p50-µs, agent-ttft-p50-µs, added-ttft-p50-µs
//
//	bin/devdb -- go test ./e2e/ -run '^$' -bench AgentChatTTFT -benchtime 100x
func BenchmarkAgentChatTTFT(b *testing.B) {
	writer, err := setupBenchCompany()
	if err != nil {
		b.Fatal(err)
	}
	agentID, err := setupBenchAgent(writer.CompanyID)
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
			"messages": []any{map[string]any{"role": "user", "content": s.Prompt("How are the boots made?")}},
		}, directDelta)
	}
	viaAgent := func(ctx context.Context) (timing, error) {
		return timeStream(ctx, client, env.url+"/api/agents/"+agentID+"/chat/stream", writer.Access,
			map[string]any{"message": s.Prompt("How are the boots made?")}, agentDelta)
	}
	ctx := b.Context()
	for _, f := range []func(context.Context) (timing, error){direct, viaAgent} {
		if _, err := f(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var d, a, added []time.Duration
	b.ResetTimer()
	for range b.N {
		t, err := direct(ctx)
		if err != nil {
			b.Fatal(err)
		}
		ta, err := viaAgent(ctx)
		if err != nil {
			b.Fatal(err)
		}
		d, a, added = append(d, t.first), append(a, ta.first), append(added, ta.first-t.first)
	}
	b.StopTimer()
	p50 := func(xs []time.Duration) float64 {
		slices.Sort(xs)
		return float64(xs[len(xs)/2]) / 1e3
	}
	b.ReportMetric(p50(d), "direct-ttft-p50-µs")
	b.ReportMetric(p50(a), "agent-ttft-p50-µs")
	b.ReportMetric(p50(added), "added-ttft-p50-µs")
}

// setupBenchAgent ingests one document into the company and creates an
// agent there (as the superadmin), returning the agent's id.
func setupBenchAgent(company string) (string, error) {
	r, err := send(http.MethodPost, "/api/knowledge_chunks/ingest", env.admin.Access, map[string]any{
		"title": "Boots", "format": "markdown", "company_id": company, "source": map[string]any{"type": "upload", "ref": "boots.md"},
		"content": "# Boots\n\nThe boots are waxed canvas, made in Porto.\n\n## Care\n\nWax them twice a year."})
	if err != nil || !r.ok() {
		return "", fmt.Errorf("ingest: %v %s", err, r)
	}
	r, err = send(http.MethodPost, "/api/agents", env.admin.Access, map[string]any{"name": uniq("BenchAgent"), "company_id": company, "top_k": 3})
	if err != nil || !r.ok() {
		return "", fmt.Errorf("create agent: %v %s", err, r)
	}
	var a map[string]any
	if err := json.Unmarshal(r.body, &a); err != nil {
		return "", err
	}
	return str(a, "id"), nil
}

// agentDelta extracts the token of an agent chat event; "done" ends it.
func agentDelta(ev sseEvent) (string, bool) {
	if ev.name != "delta" {
		return "", ev.name == "done" || ev.name == "error"
	}
	var d struct {
		Delta string `json:"delta"`
	}
	_ = json.Unmarshal([]byte(ev.data), &d)
	return d.Delta, false
}
