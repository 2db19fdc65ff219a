package domain_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/fakeapi"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

type vendor struct {
	name  string
	start func(...string) *fakeapi.Server
	make  func(*testing.T, *fakeapi.Server) llm.Provider
}

var vendors = []vendor{
	{llm.OpenAI, fakeapi.OpenAI, func(t *testing.T, f *fakeapi.Server) llm.Provider { return openAI(t, f) }},
	{llm.Anthropic, fakeapi.Anthropic, func(t *testing.T, f *fakeapi.Server) llm.Provider { return anthropic(t, f) }},
}

func TestRateLimitedThenSuccessHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	for _, v := range vendors {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			f := fake(t, v.start, "ok")
			f.Behave = func(n int) fakeapi.Reply {
				if n == 1 {
					return fakeapi.Reply{Status: http.StatusTooManyRequests, RetryAfter: "1"}
				}
				return fakeapi.Reply{}
			}
			svc, _ := newService(t, testConfig(), v.make(t, f))
			start := time.Now()
			res, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
			if err != nil {
				t.Fatalf("Complete: %v", err)
			}
			if res.Text != "ok" || f.Requests() != 2 {
				t.Fatalf("text %q after %d upstream requests, want ok after 2", res.Text, f.Requests())
			}
			if waited := time.Since(start); waited < time.Second {
				t.Fatalf("retried after %v, before the Retry-After of 1s", waited)
			}
		})
	}
}

func TestAtMostThreeAttemptsThenRateLimited(t *testing.T) {
	t.Parallel()
	f := fake(t, fakeapi.OpenAI, "never")
	f.Behave = func(int) fakeapi.Reply { return fakeapi.Reply{Status: http.StatusTooManyRequests} }
	svc, _ := newService(t, testConfig(), openAI(t, f))
	_, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
	var rl *errs.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter <= 0 {
		t.Fatalf("err = %v, want a rate-limited error with Retry-After", err)
	}
	if f.Requests() != 3 {
		t.Fatalf("%d upstream attempts, want exactly 3", f.Requests())
	}
}

func TestFailoverToTheOtherProvider(t *testing.T) {
	t.Parallel()
	down := fake(t, fakeapi.OpenAI, "unused")
	down.Behave = func(int) fakeapi.Reply { return fakeapi.Reply{Status: http.StatusInternalServerError} }
	up := fake(t, fakeapi.Anthropic, "from", " claude")
	svc, _ := newService(t, testConfig(), openAI(t, down), anthropic(t, up))

	res, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if res.Provider != llm.Anthropic || res.Text != "from claude" || res.Model != "claude-3-5-haiku-latest" {
		t.Fatalf("answer %q from %s/%s, want anthropic", res.Text, res.Provider, res.Model)
	}
	var got string
	sres, err := svc.Stream(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}, func(c domain.Chunk) error { got += c.Delta; return nil })
	if err != nil || sres.Provider != llm.Anthropic || got != "from claude" {
		t.Fatalf("stream %q from %s: %v", got, sres.Provider, err)
	}
	if down.Requests() != 2 || up.Requests() != 2 {
		t.Fatalf("openai saw %d, anthropic %d requests; want 2 each", down.Requests(), up.Requests())
	}
}

func TestCircuitBreakerStopsCallingAFailingProvider(t *testing.T) {
	t.Parallel()
	f := fake(t, fakeapi.OpenAI, "x")
	f.Behave = func(int) fakeapi.Reply { return fakeapi.Reply{Status: http.StatusBadGateway} }
	cfg := testConfig()
	cfg.BreakerFailures = 3
	svc, _ := newService(t, cfg, openAI(t, f))
	if _, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}); !errors.Is(err, errs.ErrUnavailable) {
		t.Fatalf("err = %v, want unavailable", err)
	}
	if !svc.ProviderOpen(llm.OpenAI) {
		t.Fatal("breaker still closed after 3 failures")
	}
	seen := f.Requests()
	// Nothing can be called: 429 with the time until the breaker's trial.
	var rl *errs.RateLimitedError
	if _, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}); !errors.As(err, &rl) ||
		rl.RetryAfter <= cfg.BreakerCooldown-10*time.Second || rl.RetryAfter > cfg.BreakerCooldown {
		t.Fatalf("err = %v, want 429 with Retry-After close to the %v cooldown", err, cfg.BreakerCooldown)
	}
	if f.Requests() != seen {
		t.Fatalf("open breaker let %d more requests through", f.Requests()-seen)
	}
}

// TestHangingProviderHitsDeadlineWithoutLeaks is not parallel: it counts
// goroutines.
func TestHangingProviderHitsDeadlineWithoutLeaks(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, v := range vendors {
		func() {
			f := v.start("never")
			defer f.Close()
			f.Behave = func(int) fakeapi.Reply { return fakeapi.Reply{Hang: true} }
			p := v.make(t, f)
			defer p.(interface{ Close() }).Close()
			cfg := testConfig()
			cfg.CallTimeout = 150 * time.Millisecond
			svc, _ := newService(t, cfg, p)
			start := time.Now()
			_, err := svc.Stream(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}, func(domain.Chunk) error { return nil })
			if !errors.Is(err, errs.ErrUnavailable) {
				t.Fatalf("%s: err = %v, want unavailable (timeout)", v.name, err)
			}
			if el := time.Since(start); el > 2*time.Second {
				t.Fatalf("%s: gave up after %v", v.name, el)
			}
			if f.Requests() != 3 {
				t.Fatalf("%s: %d attempts, want 3", v.name, f.Requests())
			}
			eventually(t, 2*time.Second, func() bool { return f.Cancelled() == 3 }, v.name+": the fake never saw its requests cancelled")
		}()
	}
}

func TestClientCancelMidStreamCancelsUpstream(t *testing.T) {
	t.Parallel()
	for _, v := range vendors {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			f := fake(t, v.start, "one", " two", " three")
			f.Gate = make(chan struct{}) // never opened: the stream stops after "one"
			svc, st := newService(t, testConfig(), v.make(t, f))
			ctx, cancel := context.WithCancel(t.Context())
			var got []string
			_, err := svc.Stream(ctx, caller, domain.CompletionInput{Prompt: "hi"}, func(c domain.Chunk) error {
				got = append(got, c.Delta)
				cancel() // the client goes away after the first token
				return nil
			})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if len(got) != 1 || f.Requests() != 1 {
				t.Fatalf("got %q after %d requests; want one token, no retry", got, f.Requests())
			}
			eventually(t, 2*time.Second, func() bool { return f.Cancelled() == 1 }, "the fake provider never saw its request cancelled")
			if recs := st.Records(); len(recs) != 1 || recs[0].CompletionTokens == 0 {
				t.Fatalf("partial stream billed as %+v; want one record with the streamed tokens", recs)
			}
		})
	}
}
