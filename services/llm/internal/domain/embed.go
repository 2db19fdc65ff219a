package domain

import (
	"context"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// EmbedInput is an embedding request.
type EmbedInput struct {
	Texts    []string
	Model    string
	Provider string
}

// EmbedResult is the vectors with their cost.
type EmbedResult struct {
	llm.EmbedResponse
	CostMicros int64
}

// Embed validates, admits and embeds a batch. Embeddings stay on one
// provider (retries, no failover): vectors of different providers live in
// different spaces and must never be mixed in one index. The usage record
// is written while the vectors go back (recordAfter): a search waits for
// its query's embedding, not for the metering of it.
func (s *Service) Embed(ctx context.Context, c Caller, in EmbedInput) (EmbedResult, error) {
	var v errs.Validator
	v.Check(len(in.Texts) > 0, "texts", "missing", "At least one text is required")
	v.Check(len(in.Texts) <= s.cfg.MaxEmbedTexts, "texts", "value_error", "At most %d texts per request", s.cfg.MaxEmbedTexts)
	for _, t := range in.Texts {
		if utf8.RuneCountInString(t) > s.cfg.MaxPromptChars {
			v.Add("texts", "value_error", "A text is too long: at most %d characters", s.cfg.MaxPromptChars)
			break
		}
	}
	name := in.Provider
	if name == "" && in.Model != "" {
		name = ownerOf(in.Model)
	}
	if name == "" {
		name = s.cfg.EmbedProvider
	}
	p, ok := s.byName[name]
	if !ok || p.DefaultEmbedModel() == "" {
		v.Add("provider", "value_error", "Provider %q cannot embed here", name)
	}
	model := in.Model
	if ok && model == "" {
		model = p.DefaultEmbedModel()
	}
	if model != "" && !s.modelAllowed(model) {
		v.Add("model", "value_error", "Model %q is not allowed", model)
	}
	if err := v.Err(); err != nil {
		return EmbedResult{}, err
	}
	allow := func(b Budget) error { _, err := allowFor(b, model, []target{{p: p, model: model}}); return err }
	if err := s.admit(ctx, c, allow); err != nil {
		return EmbedResult{}, err
	}
	start := s.now()
	var resp llm.EmbedResponse
	_, err := s.route(ctx, []target{{p: p, model: model}}, func(ctx context.Context, t target) error {
		var err error
		resp, err = t.p.Embed(ctx, llm.EmbedRequest{Model: t.model, Texts: in.Texts})
		return err
	}, nil)
	if err != nil {
		return EmbedResult{}, err
	}
	res := EmbedResult{EmbedResponse: resp, CostMicros: s.cfg.Prices.Cost(model, resp.Usage)}
	s.recordAfter(ctx, UsageRecord{
		CompanyID: c.CompanyID, UserID: c.UserID, Provider: resp.Provider, Model: model, Kind: "embedding",
		PromptTokens: resp.Usage.PromptTokens, LatencyMS: s.now().Sub(start).Milliseconds(),
		CostMicros: res.CostMicros, CreatedAt: s.now().UTC(),
	})
	return res, nil
}
