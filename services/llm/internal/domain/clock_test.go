package domain_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/memstore"
)

// scripted is an in-process provider: its n-th call (1-based) does
// calls[n-1]. Unlike the fake servers it needs no socket, so it runs in a
// synctest bubble, where timers and deadlines use the bubble's clock.
type scripted struct {
	calls []func(ctx context.Context) (llm.Response, error)
	n     int
}

func (p *scripted) Name() string              { return llm.OpenAI }
func (p *scripted) DefaultModel() string      { return "gpt-4o-mini" }
func (p *scripted) DefaultEmbedModel() string { return "" }
func (p *scripted) Embed(context.Context, llm.EmbedRequest) (llm.EmbedResponse, error) {
	return llm.EmbedResponse{}, llm.ErrNotSupported
}
func (p *scripted) Stream(ctx context.Context, r llm.Request, _ llm.Emit) (llm.Response, error) {
	return p.Complete(ctx, r)
}
func (p *scripted) Complete(ctx context.Context, _ llm.Request) (llm.Response, error) {
	p.n++
	return p.calls[p.n-1](ctx)
}

// With the real clock (Config.Now and Sleep left nil) the router waits
// the provider's Retry-After before the retry, cuts a call that does not
// answer at CallTimeout, then backs off before the last attempt. In the
// bubble the durations are exact.
func TestRealClockWaitsRetryAfterAndCutsCallsAtTheTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var deadline time.Time
		p := &scripted{calls: []func(ctx context.Context) (llm.Response, error){
			func(context.Context) (llm.Response, error) {
				return llm.Response{}, &llm.ProviderError{Provider: llm.OpenAI, Status: 429, Retryable: true,
					RetryAfter: 2 * time.Second, Err: errors.New("slow down")}
			},
			func(ctx context.Context) (llm.Response, error) { // hangs until its deadline
				deadline, _ = ctx.Deadline()
				<-ctx.Done()
				return llm.Response{}, &llm.ProviderError{Provider: llm.OpenAI, Retryable: true, Timeout: true, Err: ctx.Err()}
			},
			func(context.Context) (llm.Response, error) {
				return llm.Response{Text: "at last", Provider: llm.OpenAI, Model: "gpt-4o-mini"}, nil
			},
		}}
		cfg := testConfig()
		cfg.CallTimeout = time.Minute
		svc, err := domain.New(domain.Deps{Config: cfg, Providers: []llm.Provider{p}, Store: memstore.New(), Log: discard()})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		res, err := svc.Complete(t.Context(), caller, domain.CompletionInput{Prompt: "hi"})
		took := time.Since(start)
		if err != nil || res.Text != "at last" || p.n != 3 {
			t.Fatalf("%q after %d calls (%v), want the third call's answer", res.Text, p.n, err)
		}
		// 2s Retry-After (+≤10%), the 1 minute call, a 10–20ms backoff
		// (BackoffBase·2, jittered between half and all of it)
		lo, hi := 2*time.Second+time.Minute+10*time.Millisecond, 2200*time.Millisecond+time.Minute+20*time.Millisecond
		if took < lo || took > hi {
			t.Fatalf("answered after %v, want between %v and %v", took, lo, hi)
		}
		if got := deadline.Sub(start); got < 2*time.Second+time.Minute || got > 2200*time.Millisecond+time.Minute {
			t.Fatalf("second call's deadline %v after the start, want the Retry-After wait plus CallTimeout", got)
		}
	})
}

// A caller whose context ends during the wait gets its context's error at
// once, and no further call is made.
func TestRealClockWaitEndsWithTheCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := &scripted{calls: []func(ctx context.Context) (llm.Response, error){
			func(context.Context) (llm.Response, error) {
				return llm.Response{}, &llm.ProviderError{Provider: llm.OpenAI, Status: 503, Retryable: true,
					RetryAfter: 2 * time.Second, Err: errors.New("down")}
			},
		}}
		svc, err := domain.New(domain.Deps{Config: testConfig(), Providers: []llm.Provider{p}, Store: memstore.New(), Log: discard()})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Second, cancel) // the client leaves 1s into the 2s wait
		start := time.Now()
		_, err = svc.Complete(ctx, caller, domain.CompletionInput{Prompt: "hi"})
		if !errors.Is(err, context.Canceled) || time.Since(start) != time.Second || p.n != 1 {
			t.Fatalf("err %v after %v and %d calls, want context.Canceled after 1s and 1 call", err, time.Since(start), p.n)
		}
		var rl *errs.RateLimitedError
		if errors.As(err, &rl) {
			t.Fatalf("a cancelled caller got a 429: %v", err)
		}
	})
}
