package domain_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/fakeapi"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// Coming back to a provider after a failover waits that provider's own
// Retry-After, not the one of the provider that failed last.
func TestRetryAfterIsPerProvider(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name           string
		first, other   fakeapi.Reply // openai's first answer; anthropic's every answer
		minWait, maxWt time.Duration
	}{
		{
			// anthropic's 5s (over MaxRetryWait) must not stop the retry
			// of openai, which asked for no particular wait
			name:    "other provider's long Retry-After",
			first:   fakeapi.Reply{Status: http.StatusTooManyRequests},
			other:   fakeapi.Reply{Status: http.StatusTooManyRequests, RetryAfter: "5"},
			minWait: 0, maxWt: 2 * time.Second,
		},
		{
			// openai asked for 1s; anthropic's plain 500 must not shorten it
			name:    "own Retry-After honoured after failover",
			first:   fakeapi.Reply{Status: http.StatusTooManyRequests, RetryAfter: "1"},
			other:   fakeapi.Reply{Status: http.StatusInternalServerError},
			minWait: time.Second, maxWt: 3 * time.Second,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := fake(t, fakeapi.OpenAI, "from", " openai")
			a.Behave = func(n int) fakeapi.Reply {
				if n == 1 {
					return tc.first
				}
				return fakeapi.Reply{}
			}
			b := fake(t, fakeapi.Anthropic, "never")
			b.Behave = func(int) fakeapi.Reply { return tc.other }
			svc, _ := newService(t, testConfig(), openAI(t, a), anthropic(t, b))
			start := time.Now()
			res, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
			took := time.Since(start)
			if err != nil || res.Provider != llm.OpenAI || res.Text != "from openai" {
				t.Fatalf("answer %q from %q, err %v; want openai's on the third attempt", res.Text, res.Provider, err)
			}
			if a.Requests() != 2 || b.Requests() != 1 {
				t.Fatalf("openai saw %d, anthropic %d requests; want 2 and 1", a.Requests(), b.Requests())
			}
			if took < tc.minWait || took > tc.maxWt {
				t.Fatalf("answered after %v, want between %v and %v", took, tc.minWait, tc.maxWt)
			}
		})
	}
}

// At most three upstream calls per request, however retries and failover
// combine, now that 429s no longer open breakers.
func TestAttemptBudgetAcrossProviders(t *testing.T) {
	t.Parallel()
	tooMany := fakeapi.Reply{Status: http.StatusTooManyRequests}
	broken := fakeapi.Reply{Status: http.StatusInternalServerError}
	for _, tc := range []struct {
		name   string
		a, b   fakeapi.Reply
		stream bool
	}{
		{"429 everywhere", tooMany, tooMany, false},
		{"429 everywhere, stream", tooMany, tooMany, true},
		{"429 with Retry-After everywhere", fakeapi.Reply{Status: 429, RetryAfter: "0"}, fakeapi.Reply{Status: 429, RetryAfter: "0"}, false},
		{"5xx everywhere", broken, broken, false},
		{"429 then 5xx", tooMany, broken, false},
		{"5xx then 429, stream", broken, tooMany, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := fake(t, fakeapi.OpenAI, "x")
			a.Behave = func(int) fakeapi.Reply { return tc.a }
			b := fake(t, fakeapi.Anthropic, "y")
			b.Behave = func(int) fakeapi.Reply { return tc.b }
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
