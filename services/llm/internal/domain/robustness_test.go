package domain_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

type vendor struct {
	name  string
	start func(...string) *fakellm.Server
	make  func(*testing.T, *fakellm.Server) llm.Provider
}

var vendors = []vendor{
	{llm.OpenAI, fakellm.OpenAI, func(t *testing.T, f *fakellm.Server) llm.Provider { return openAI(t, f) }},
	{llm.Anthropic, fakellm.Anthropic, func(t *testing.T, f *fakellm.Server) llm.Provider { return anthropic(t, f) }},
}

func TestRateLimitedThenSuccessHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	for _, v := range vendors {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			f := fake(t, v.start, "ok")
			f.Behave = func(n int) fakellm.Reply {
				if n == 1 {
					return fakellm.Reply{Status: http.StatusTooManyRequests, RetryAfter: "1"}
				}
				return fakellm.Reply{}
			}
			w := &waits{}
			cfg := testConfig()
			cfg.Sleep = w.sleep
			svc, _ := newService(t, cfg, v.make(t, f))
			res, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
			if err != nil {
				t.Fatalf("Complete: %v", err)
			}
			if res.Text != "ok" || f.Requests() != 2 {
				t.Fatalf("text %q after %d upstream requests, want ok after 2", res.Text, f.Requests())
			}
			// the Retry-After of 1s, plus at most 10% jitter
			if got := w.all(); len(got) != 1 || got[0] < time.Second || got[0] > 1100*time.Millisecond {
				t.Fatalf("waited %v before the retry, want one wait of the 1s Retry-After (+≤10%%)", got)
			}
		})
	}
}

// A Retry-After longer than MaxRetryWait is not waited for: the caller
// gets the 429 with the provider's Retry-After at once.
func TestRetryAfterOverMaxRetryWaitIsNotWaited(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "never")
	f.Behave = func(int) fakellm.Reply { return fakellm.Reply{Status: http.StatusTooManyRequests, RetryAfter: "30"} }
	w := &waits{}
	cfg := testConfig()
	cfg.Sleep = w.sleep
	svc, _ := newService(t, cfg, openAI(t, f))
	_, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
	var rl *errs.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 30*time.Second {
		t.Fatalf("err = %v, want 429 with the provider's Retry-After of 30s", err)
	}
	if f.Requests() != 1 || len(w.all()) != 0 {
		t.Fatalf("%d upstream requests, waits %v; want 1 request and no wait", f.Requests(), w.all())
	}
}

func TestAtMostThreeAttemptsThenRateLimited(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "never")
	f.Behave = func(int) fakellm.Reply { return fakellm.Reply{Status: http.StatusTooManyRequests} }
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
	down := fake(t, fakellm.OpenAI, "unused")
	down.Behave = func(int) fakellm.Reply { return fakellm.Reply{Status: http.StatusInternalServerError} }
	up := fake(t, fakellm.Anthropic, "from", " claude")
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
	f := fake(t, fakellm.OpenAI, "x")
	f.Behave = func(int) fakellm.Reply { return fakellm.Reply{Status: http.StatusBadGateway} }
	cfg := testConfig()
	cfg.BreakerFailures = 3
	cfg.Now = newClock().Now // stands still: the whole cooldown is ahead
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
	if _, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}); !errors.As(err, &rl) || rl.RetryAfter != cfg.BreakerCooldown {
		t.Fatalf("err = %v, want 429 with Retry-After of the %v cooldown", err, cfg.BreakerCooldown)
	}
	if f.Requests() != seen {
		t.Fatalf("open breaker let %d more requests through", f.Requests()-seen)
	}
}

// A provider that never answers is cut at CallTimeout on each of the
// three attempts (else this test would hang), and the caller is told it
// timed out. Not parallel: it counts goroutines.
func TestHangingProviderHitsDeadlineWithoutLeaks(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, v := range vendors {
		func() {
			f := v.start("never")
			defer f.Close()
			f.Behave = func(int) fakellm.Reply { return fakellm.Reply{Hang: true} }
			p := v.make(t, f)
			defer p.(interface{ Close() }).Close()
			cfg := testConfig()
			cfg.CallTimeout = 150 * time.Millisecond
			svc, _ := newService(t, cfg, p)
			_, err := svc.Stream(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}, func(domain.Chunk) error { return nil })
			if !errors.Is(err, errs.ErrUnavailable) || !strings.Contains(err.Error(), "in time") {
				t.Fatalf("%s: err = %v, want unavailable: did not answer in time", v.name, err)
			}
			if f.Requests() != 3 {
				t.Fatalf("%s: %d attempts, want 3", v.name, f.Requests())
			}
			if err := f.WaitCancelled(t.Context(), 3); err != nil {
				t.Fatalf("%s: the fake did not see its requests cancelled: %v", v.name, err)
			}
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
			if err := f.WaitCancelled(t.Context(), 1); err != nil {
				t.Fatalf("the fake provider did not see its request cancelled: %v", err)
			}
			if recs := st.Records(); len(recs) != 1 || recs[0].CompletionTokens == 0 {
				t.Fatalf("partial stream billed as %+v; want one record with the streamed tokens", recs)
			}
		})
	}
}
