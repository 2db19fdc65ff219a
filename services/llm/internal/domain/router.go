package domain

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// target is one provider and the model to ask it for.
type target struct {
	p     llm.Provider
	model string
}

// attemptFunc makes one upstream call to t, under ctx's per-call deadline.
type attemptFunc func(ctx context.Context, t target) error

// route makes at most MaxAttempts upstream calls for one request. A
// retryable failure (429, 5xx, timeout, broken connection) fails over to
// the next target whose breaker allows it; coming back to a target already
// tried waits a jittered, exponential backoff, or the Retry-After that
// this same provider gave on its last failure (never another provider's).
// 5xx, timeouts and broken connections count toward the provider's
// breaker; a 429 does not (see llm.ProviderError.BreakerFailure).
// committed, when not nil, is asked after each retryable failure whether
// output already reached the client: a stream that has started is not
// retried, and route returns the failure at once. It returns the target
// that answered or, when a started stream failed, the one whose output
// reached the client (Stream bills it).
func (s *Service) route(ctx context.Context, targets []target, call attemptFunc, committed func() bool) (target, error) {
	var (
		lastErr *llm.ProviderError
		// retryAfter is each provider's Retry-After from its own last
		// failure, keyed by provider name.
		retryAfter = make(map[string]time.Duration)
		tried      = make(map[int]int)
		next       = 0
		attempts   = 0
	)
	for attempts < s.cfg.MaxAttempts {
		idx, ok := s.pick(targets, next)
		if !ok {
			if lastErr == nil || lastErr.Status != http.StatusTooManyRequests {
				return target{}, s.allOpen(targets)
			}
			break
		}
		t := targets[idx]
		if n := tried[idx]; n > 0 {
			wait := s.backoff(n, retryAfter[t.p.Name()])
			if wait > s.cfg.MaxRetryWait || !fitsDeadline(ctx, wait) {
				s.breakers[t.p.Name()].release()
				break
			}
			if err := s.cfg.Sleep(ctx, wait); err != nil {
				s.breakers[t.p.Name()].release()
				return t, err
			}
		}
		attempts++
		tried[idx]++
		cctx, cancel := context.WithTimeout(ctx, s.cfg.CallTimeout)
		err := call(cctx, t)
		cancel()
		br := s.breakers[t.p.Name()]
		if err == nil {
			br.success()
			return t, nil
		}
		if ctx.Err() != nil { // the client went away or its deadline passed
			br.release()
			return t, ctx.Err()
		}
		var pe *llm.ProviderError
		if !errors.As(err, &pe) {
			br.release()
			return t, err // e.g. the client stream broke while we wrote to it
		}
		if !pe.Retryable {
			br.release()
			s.log.WarnContext(ctx, "llm provider refused the request", "provider", pe.Provider, "status", pe.Status, "error", pe.Err.Error())
			return t, refused(pe)
		}
		if pe.BreakerFailure() {
			br.failure()
		} else {
			br.release() // 429: the provider works, it asks us to slow down
		}
		lastErr = pe
		retryAfter[t.p.Name()] = pe.RetryAfter
		s.log.WarnContext(ctx, "llm provider call failed", "provider", pe.Provider, "status", pe.Status,
			"timeout", pe.Timeout, "attempt", attempts, "error", pe.Err.Error())
		if committed != nil && committed() {
			return t, unavailable(pe)
		}
		next = idx + 1
	}
	if lastErr == nil { // MaxAttempts is at least 1: not reached
		return target{}, errs.New(errs.ErrUnavailable, "LLM providers are temporarily unavailable")
	}
	return target{}, unavailable(lastErr)
}

// allOpen is the answer when every target's breaker refuses calls: 429
// with a Retry-After of the time until the earliest breaker lets a trial
// call through (at least a second). It is a 429, not a 503, because the
// gateway turns only ResourceExhausted's RetryInfo into a Retry-After
// header.
func (s *Service) allOpen(targets []target) error {
	wait := time.Duration(-1)
	for _, t := range targets {
		if d := s.breakers[t.p.Name()].reopensIn(); wait < 0 || d < wait {
			wait = d
		}
	}
	return &errs.RateLimitedError{
		Msg:        "The LLM providers are temporarily unavailable; retry after the Retry-After delay",
		RetryAfter: max(wait, time.Second),
	}
}

// pick returns the first target from start (cyclically) whose breaker
// lets a call through.
func (s *Service) pick(targets []target, start int) (int, bool) {
	for k := range targets {
		idx := (start + k) % len(targets)
		if s.breakers[targets[idx].p.Name()].allow() {
			return idx, true
		}
	}
	return 0, false
}

// backoff is the wait before the n+1-th call to the same target: that
// provider's Retry-After (plus up to 10% jitter) when it gave one, else
// jitter over BackoffBase·2^(n-1) (between half and all of it).
func (s *Service) backoff(n int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter + time.Duration(rand.Int64N(int64(retryAfter/10)+1))
	}
	ceil := s.cfg.BackoffBase << (n - 1)
	return ceil/2 + time.Duration(rand.Int64N(int64(ceil/2)+1))
}

func fitsDeadline(ctx context.Context, wait time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > wait
}

// sleep is Config.Sleep's default: a timer, cut short by ctx.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// unavailable is what the client sees when every attempt failed.
func unavailable(pe *llm.ProviderError) error {
	switch {
	case pe.Status == http.StatusTooManyRequests:
		ra := pe.RetryAfter
		if ra <= 0 {
			ra = time.Second
		}
		return &errs.RateLimitedError{Msg: "The LLM provider is rate limiting requests; retry later", RetryAfter: ra}
	case pe.Timeout:
		return errs.New(errs.ErrUnavailable, "The LLM provider did not answer in time")
	default:
		return errs.New(errs.ErrUnavailable, "The LLM provider is unavailable")
	}
}

// refused maps a non-retryable upstream answer.
func refused(pe *llm.ProviderError) error {
	if pe.Status >= 400 && pe.Status < 500 && pe.Status != http.StatusUnauthorized && pe.Status != http.StatusForbidden {
		return errs.New(errs.ErrBadRequest, "The LLM provider rejected the request")
	}
	return errs.New(errs.ErrUnavailable, "The LLM provider is unavailable")
}
