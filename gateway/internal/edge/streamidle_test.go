package edge_test

import (
	"context"
	"strings"
	"testing"
	"time"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
)

// floodLLM streams large tokens for as long as its stream lives and closes
// ended when the gateway cancels it.
type floodLLM struct {
	llmv1.UnimplementedLLMServiceServer
	ended chan struct{}
}

func (f *floodLLM) StreamComplete(_ *llmv1.StreamCompleteRequest, s llmv1.LLMService_StreamCompleteServer) error {
	defer close(f.ended)
	tok := strings.Repeat("x", 64<<10)
	for range 4096 { // 256 MiB: far more than any socket buffers
		if err := s.Send(&llmv1.StreamCompleteResponse{Delta: tok, Model: "offline-1", Provider: "offline"}); err != nil {
			return err
		}
	}
	return nil
}

// A client that stops reading a stream is cut after the idle write
// timeout, and the upstream stream is cancelled with it (before, the
// gateway's write blocked for as long as the client kept the connection).
func TestStreamCutWhenClientStopsReading(t *testing.T) {
	t.Parallel()
	f := &floodLLM{ended: make(chan struct{})}
	url, token := llmEnv(t, f)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	res := postSSE(t, ctx, url+"/api/llm/completion/stream", token, `{"prompt":"hi"}`)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	// the client reads nothing more and keeps the connection open
	select {
	case <-f.ended:
	case <-time.After(20 * time.Second):
		t.Fatal("the upstream stream still runs 20s after the client stopped reading")
	}
}
