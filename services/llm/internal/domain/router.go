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

// attemptFunc makes one upstream call. committed reports, after a failure,
// whether output already reached the client (a stream that has started
// cannot be retried).
type attemptFunc func(ctx context.Context, t target) error

// route makes at most MaxAttempts upstream calls for one request. A
// retryable failure (429, 5xx, timeout, broken connection) fails over to
// the next target whose breaker allows it; coming back to a target already
// tried waits a jittered, exponential backoff, or the provider's
// Retry-After when it gave one. It returns the target that answered.
func (s *Service) route(ctx context.Context, targets []target, call attemptFunc, committed func() bool) (target, error) {
	var (
		lastErr  *llm.ProviderError
		tried    = make(map[int]int)
		next     = 0
		attempts = 0
	)
	for attempts < s.cfg.MaxAttempts {
		idx, ok := s.pick(targets, next)
		if !ok {
			break
		}
		t := targets[idx]
		if n := tried[idx]; n > 0 {
			wait := s.backoff(n, lastErr)
			if wait > s.cfg.MaxRetryWait || !fitsDeadline(ctx, wait) {
				s.breakers[t.p.Name()].release()
				break
			}
			if err := sleep(ctx, wait); err != nil {
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
		br.failure()
		lastErr = pe
		s.log.WarnContext(ctx, "llm provider call failed", "provider", pe.Provider, "status", pe.Status,
			"timeout", pe.Timeout, "attempt", attempts, "error", pe.Err.Error())
		if committed != nil && committed() {
			return t, unavailable(pe)
		}
		next = idx + 1
	}
	if lastErr == nil {
		return target{}, errs.New(errs.ErrUnavailable, "LLM providers are temporarily unavailable")
	}
	return target{}, unavailable(lastErr)
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

// backoff is the wait before the n+1-th call to the same target: the
// provider's Retry-After (plus up to 10% jitter) when given, else full
// jitter over BackoffBase·2^(n-1).
func (s *Service) backoff(n int, last *llm.ProviderError) time.Duration {
	if last != nil && last.RetryAfter > 0 {
		return last.RetryAfter + time.Duration(rand.Int64N(int64(last.RetryAfter/10)+1))
	}
	ceil := s.cfg.BackoffBase << (n - 1)
	return ceil/2 + time.Duration(rand.Int64N(int64(ceil/2)+1))
}

func fitsDeadline(ctx context.Context, wait time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > wait
}

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
