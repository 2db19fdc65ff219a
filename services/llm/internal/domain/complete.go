package domain

import (
	"context"
	"time"

	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// Chunk is one streamed piece of text and who is producing it.
type Chunk struct {
	Delta    string
	Model    string
	Provider string
}

// Result is a completed call with its cost.
type Result struct {
	llm.Response
	CostMicros int64
}

// Complete validates, admits and answers one completion.
func (s *Service) Complete(ctx context.Context, c Caller, in CompletionInput) (Result, error) {
	req, targets, err := s.prepare(in)
	if err != nil {
		return Result{}, err
	}
	if err := s.admit(ctx, c, s.allowTargets(in.Model, &targets)); err != nil {
		return Result{}, err
	}
	start := s.now()
	var resp llm.Response
	t, err := s.route(ctx, targets, func(ctx context.Context, t target) error {
		r := req
		r.Model = t.model
		var err error
		resp, err = t.p.Complete(ctx, r)
		return err
	}, nil)
	if err != nil {
		return Result{}, err
	}
	return s.finish(ctx, c, "completion", t.model, resp, start), nil
}

// allowTargets narrows *targets to the company's models at admission.
func (s *Service) allowTargets(named string, targets *[]target) func(Budget) error {
	return func(b Budget) error {
		t, err := allowFor(b, named, *targets)
		*targets = t
		return err
	}
}

// Stream validates, admits and streams one completion: emit gets each
// piece of text in order; the Result (usage, cost) comes at the end.
// Before the first piece, failures are retried and fail over; after it,
// an error ends the stream (what was produced is still billed). When the
// client goes away, ctx is cancelled and so is the upstream call.
func (s *Service) Stream(ctx context.Context, c Caller, in CompletionInput, emit func(Chunk) error) (Result, error) {
	req, targets, err := s.prepare(in)
	if err != nil {
		return Result{}, err
	}
	if err := s.admit(ctx, c, s.allowTargets(in.Model, &targets)); err != nil {
		return Result{}, err
	}
	start := s.now()
	var (
		resp    llm.Response
		started bool
	)
	t, err := s.route(ctx, targets, func(ctx context.Context, t target) error {
		r := req
		r.Model = t.model
		var err error
		resp, err = t.p.Stream(ctx, r, func(d string) error {
			started = true
			return emit(Chunk{Delta: d, Model: t.model, Provider: t.p.Name()})
		})
		return err
	}, func() bool { return started })
	if err != nil {
		if started { // partial output reached the client: bill it
			if resp.Usage.CompletionTokens == 0 {
				resp.Usage = llm.Usage{PromptTokens: llm.PromptTokens(req), CompletionTokens: llm.CountTokens(resp.Text)}
			}
			s.finish(ctx, c, "stream", t.model, resp, start)
		}
		return Result{}, err
	}
	return s.finish(ctx, c, "stream", t.model, resp, start), nil
}

// finish prices the call at the requested model's price (the provider may
// answer with a dated variant of the name) and records it under that
// model. Recording outlives a cancelled request (the tokens were spent)
// but not a stuck database.
func (s *Service) finish(ctx context.Context, c Caller, kind, model string, resp llm.Response, start time.Time) Result {
	res := Result{Response: resp, CostMicros: s.cfg.Prices.Cost(model, resp.Usage)}
	s.record(ctx, UsageRecord{
		CompanyID: c.CompanyID, UserID: c.UserID, Provider: resp.Provider, Model: model, Kind: kind,
		PromptTokens: resp.Usage.PromptTokens, CompletionTokens: resp.Usage.CompletionTokens,
		LatencyMS: s.now().Sub(start).Milliseconds(), CostMicros: res.CostMicros, CreatedAt: s.now().UTC(),
	})
	return res
}

// recordAfter records r in the background, so that the answer goes back
// without waiting for the write; the write is the one of record (the same
// timeout, an outlived request). Drain waits for every such write, and the
// service runs it at shutdown after the server has stopped and before the
// database closes, so no answered call goes unmetered by a restart.
func (s *Service) recordAfter(ctx context.Context, r UsageRecord) {
	s.metering.Add(1)
	go func() {
		defer s.metering.Done()
		s.record(ctx, r)
	}()
}

// Drain waits for the usage records still being written (recordAfter).
func (s *Service) Drain() { s.metering.Wait() }

func (s *Service) record(ctx context.Context, r UsageRecord) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.store.RecordUsage(rctx, r.CompanyID, r); err != nil {
		s.log.ErrorContext(ctx, "record llm usage failed", "error", err.Error(), "provider", r.Provider, "model", r.Model)
		return
	}
	s.spend.added(r.CompanyID, r.CostMicros)
}
