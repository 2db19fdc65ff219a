package transport_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

// With every breaker open, a gRPC client gets ResourceExhausted with a
// RetryInfo (the gateway turns it into 429 + Retry-After), and the
// provider is not called.
func TestOpenBreakerAnswersResourceExhaustedWithRetryInfo(t *testing.T) {
	t.Parallel()
	f := fakellm.OpenAI("x")
	t.Cleanup(f.Close)
	f.Behave = func(int) fakellm.Reply { return fakellm.Reply{Status: http.StatusBadGateway} }
	p := provider.NewOpenAI(provider.OpenAIConfig{APIKey: "sk-test", BaseURL: f.BaseURL(), Model: "gpt-4o-mini"})
	t.Cleanup(p.Close)
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	h := startWith(t, func(c *domain.Config) { // breaker: 5 failures, 1 minute
		c.Now = func() time.Time { return now } // stands still: the whole cooldown is ahead
		c.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}, p)
	ctx := h.as(t, t.Context(), principal.RoleContentWriter, acme)

	var st *status.Status
	for range 3 { // 3 + 2 failures open the breaker; the third call is refused
		_, err := h.client.Complete(ctx, &llmv1.CompleteRequest{Prompt: "hi"})
		st = status.Convert(err)
	}
	if f.Requests() != 5 {
		t.Fatalf("provider saw %d requests, want 5 (then the breaker opened)", f.Requests())
	}
	if st.Code() != codes.ResourceExhausted {
		t.Fatalf("code %v (%s), want ResourceExhausted", st.Code(), st.Message())
	}
	var delay time.Duration
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			delay = ri.GetRetryDelay().AsDuration()
		}
	}
	if delay != time.Minute {
		t.Fatalf("RetryInfo delay %v, want the 1 minute cooldown", delay)
	}
}
