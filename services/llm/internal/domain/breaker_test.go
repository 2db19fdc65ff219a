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

// One company's rate-limited calls must not open the breaker that every
// company shares: the next company's call still reaches the provider.
func TestRateLimitsDoNotOpenTheSharedBreaker(t *testing.T) {
	t.Parallel()
	f := fake(t, fakellm.OpenAI, "ok")
	f.Behave = func(n int) fakellm.Reply {
		if n <= 3 {
			return fakellm.Reply{Status: http.StatusTooManyRequests}
		}
		return fakellm.Reply{}
	}
	cfg := testConfig()
	cfg.BreakerFailures = 2
	svc, _ := newService(t, cfg, openAI(t, f))

	_, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
	var rl *errs.RateLimitedError
	if !errors.As(err, &rl) || f.Requests() != 3 {
		t.Fatalf("rate-limited company: err = %v after %d upstream requests; want 429 after 3", err, f.Requests())
	}
	if svc.ProviderOpen(llm.OpenAI) {
		t.Fatal("three 429s opened the breaker")
	}
	other := domain.Caller{CompanyID: "65f000000000000000000002", UserID: "u2"}
	res, err := svc.Complete(t.Context(), other, domain.CompletionInput{Prompt: "hi"})
	if err != nil || res.Text != "ok" || f.Requests() != 4 {
		t.Fatalf("other company: %q, err %v after %d upstream requests; want ok from the 4th", res.Text, err, f.Requests())
	}
}

// 5xx, timeouts and broken connections still count toward the breaker;
// 429 does not.
func TestBreakerCountsBrokenProvidersOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		reply fakellm.Reply
		down  bool // the server is gone: connection refused
		open  bool
	}{
		{name: "500", reply: fakellm.Reply{Status: http.StatusInternalServerError}, open: true},
		{name: "503", reply: fakellm.Reply{Status: http.StatusServiceUnavailable}, open: true},
		{name: "timeout", reply: fakellm.Reply{Hang: true}, open: true},
		{name: "connection refused", down: true, open: true},
		{name: "429", reply: fakellm.Reply{Status: http.StatusTooManyRequests}, open: false},
		{name: "429 with Retry-After", reply: fakellm.Reply{Status: http.StatusTooManyRequests, RetryAfter: "0"}, open: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := fake(t, fakellm.OpenAI, "x")
			f.Behave = func(int) fakellm.Reply { return tc.reply }
			p := openAI(t, f)
			if tc.down {
				f.Close()
			}
			cfg := testConfig()
			cfg.BreakerFailures = 3
			cfg.CallTimeout = 100 * time.Millisecond
			svc, _ := newService(t, cfg, p)
			if _, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}); err == nil {
				t.Fatal("Complete succeeded against a failing provider")
			}
			if got := svc.ProviderOpen(llm.OpenAI); got != tc.open {
				t.Fatalf("breaker open = %v after 3 failures, want %v", got, tc.open)
			}
		})
	}
}

// When every provider's breaker is open the caller is told when to come
// back: 429 with the time until the earliest breaker lets a trial through,
// and no upstream call.
func TestAllBreakersOpenAnswersRetryAfterOfTheEarliest(t *testing.T) {
	t.Parallel()
	a := fake(t, fakellm.OpenAI, "x")
	a.Behave = func(int) fakellm.Reply { return fakellm.Reply{Status: http.StatusBadGateway} }
	b := fake(t, fakellm.Anthropic, "y")
	b.Behave = a.Behave
	cfg := testConfig()
	cfg.BreakerFailures = 1
	cfg.BreakerCooldown = time.Minute
	clock := newClock()
	cfg.Now = clock.Now
	svc, _ := newService(t, cfg, openAI(t, a), anthropic(t, b))
	advance := clock.advance

	// openai opens at 12:00:00, anthropic at 12:00:20; at 12:00:25 the
	// earliest trial is openai's, 35s away.
	for _, p := range []string{llm.OpenAI, llm.Anthropic} {
		if _, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi", Provider: p}); err == nil {
			t.Fatalf("%s answered", p)
		}
		advance(20 * time.Second)
	}
	advance(-15 * time.Second)
	seen := a.Requests() + b.Requests()

	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"complete", func() error {
			_, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
			return err
		}},
		{"stream", func() error {
			_, err := svc.Stream(t.Context(), caller, domain.CompletionInput{Prompt: "hi"}, func(domain.Chunk) error { return nil })
			return err
		}},
	} {
		var rl *errs.RateLimitedError
		if err := tc.call(); !errors.As(err, &rl) || rl.RetryAfter != 35*time.Second {
			t.Fatalf("%s: err = %v (%#v), want 429 with Retry-After 35s", tc.name, err, rl)
		}
	}
	if n := a.Requests() + b.Requests() - seen; n != 0 {
		t.Fatalf("open breakers let %d requests through", n)
	}
}
