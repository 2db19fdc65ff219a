package transport_test

import (
	"net/http"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/llm/internal/fakeapi"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

// With every breaker open, a gRPC client gets ResourceExhausted with a
// RetryInfo (the gateway turns it into 429 + Retry-After), and the
// provider is not called.
func TestOpenBreakerAnswersResourceExhaustedWithRetryInfo(t *testing.T) {
	t.Parallel()
	f := fakeapi.OpenAI("x")
	t.Cleanup(f.Close)
	f.Behave = func(int) fakeapi.Reply { return fakeapi.Reply{Status: http.StatusBadGateway} }
	p := provider.NewOpenAI(provider.OpenAIConfig{APIKey: "sk-test", BaseURL: f.BaseURL(), Model: "gpt-4o-mini"})
	t.Cleanup(p.Close)
	h := start(t, p) // breaker: 5 failures, 1 minute
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
	if delay < 50*time.Second || delay > time.Minute {
		t.Fatalf("RetryInfo delay %v, want about the 1 minute cooldown", delay)
	}
}
