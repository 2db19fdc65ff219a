package domain_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/fakellm"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// Coming back to a provider after a failover waits that provider's own
// Retry-After, not the one of the provider that failed last.
func TestRetryAfterIsPerProvider(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		first, other fakellm.Reply // openai's first answer; anthropic's every answer
		// the one wait before openai's second call
		minWait, maxWait time.Duration
	}{
		{
			// anthropic's 5s (over MaxRetryWait) must not stop the retry
			// of openai, which asked for no particular wait: openai's
			// first backoff, half to all of BackoffBase (10ms)
			name:    "other provider's long Retry-After",
			first:   fakellm.Reply{Status: http.StatusTooManyRequests},
			other:   fakellm.Reply{Status: http.StatusTooManyRequests, RetryAfter: "5"},
			minWait: 5 * time.Millisecond, maxWait: 10 * time.Millisecond,
		},
		{
			// openai asked for 1s; anthropic's plain 500 must not shorten it
			name:    "own Retry-After honoured after failover",
			first:   fakellm.Reply{Status: http.StatusTooManyRequests, RetryAfter: "1"},
			other:   fakellm.Reply{Status: http.StatusInternalServerError},
			minWait: time.Second, maxWait: 1100 * time.Millisecond,
		},
		{
			// OpenAI's own header, in milliseconds
			name:    "retry-after-ms",
			first:   fakellm.Reply{Status: http.StatusTooManyRequests, RetryAfterMS: "1500"},
			other:   fakellm.Reply{Status: http.StatusInternalServerError},
			minWait: 1500 * time.Millisecond, maxWait: 1650 * time.Millisecond,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := fake(t, fakellm.OpenAI, "from", " openai")
			a.Behave = func(n int) fakellm.Reply {
				if n == 1 {
					return tc.first
				}
				return fakellm.Reply{}
			}
			b := fake(t, fakellm.Anthropic, "never")
			b.Behave = func(int) fakellm.Reply { return tc.other }
			w := &waits{}
			cfg := testConfig()
			cfg.Sleep = w.sleep
			svc, _ := newService(t, cfg, openAI(t, a), anthropic(t, b))
			res, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
			if err != nil || res.Provider != llm.OpenAI || res.Text != "from openai" {
				t.Fatalf("answer %q from %q, err %v; want openai's on the third attempt", res.Text, res.Provider, err)
			}
			if a.Requests() != 2 || b.Requests() != 1 {
				t.Fatalf("openai saw %d, anthropic %d requests; want 2 and 1", a.Requests(), b.Requests())
			}
			if got := w.all(); len(got) != 1 || got[0] < tc.minWait || got[0] > tc.maxWait {
				t.Fatalf("waits %v, want one between %v and %v", got, tc.minWait, tc.maxWait)
			}
		})
	}
}

// At most three upstream calls per request, however retries and failover
// combine, now that 429s no longer open breakers.
func TestAttemptBudgetAcrossProviders(t *testing.T) {
	t.Parallel()
	tooMany := fakellm.Reply{Status: http.StatusTooManyRequests}
	broken := fakellm.Reply{Status: http.StatusInternalServerError}
	for _, tc := range []struct {
		name   string
		a, b   fakellm.Reply
		stream bool
	}{
		{"429 everywhere", tooMany, tooMany, false},
		{"429 everywhere, stream", tooMany, tooMany, true},
		{"429 with Retry-After everywhere", fakellm.Reply{Status: 429, RetryAfter: "0"}, fakellm.Reply{Status: 429, RetryAfter: "0"}, false},
		{"5xx everywhere", broken, broken, false},
		{"429 then 5xx", tooMany, broken, false},
		{"5xx then 429, stream", broken, tooMany, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := fake(t, fakellm.OpenAI, "x")
			a.Behave = func(int) fakellm.Reply { return tc.a }
			b := fake(t, fakellm.Anthropic, "y")
			b.Behave = func(int) fakellm.Reply { return tc.b }
			svc, _ := newService(t, testConfig(), openAI(t, a), anthropic(t, b))
			var err error
			if tc.stream {
				_, err = svc.Stream(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}, func(domain.Chunk) error { return nil })
			} else {
				_, err = svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
			}
			var rl *errs.RateLimitedError
			if err == nil || (!errors.As(err, &rl) && !errors.Is(err, errs.ErrUnavailable)) {
				t.Fatalf("err = %v, want 429 or 503", err)
			}
			if n := a.Requests() + b.Requests(); n != 3 {
				t.Fatalf("%d upstream calls (openai %d, anthropic %d), want exactly 3", n, a.Requests(), b.Requests())
			}
		})
	}
}
