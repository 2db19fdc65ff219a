package domain

import (
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// CompletionInput is a completion request as a client sends it.
type CompletionInput struct {
	Prompt      string
	Messages    []llm.Message
	System      string
	Model       string
	Provider    string
	MaxTokens   int
	Temperature *float64
	// Format asks for JSON (checkFormat); zero: free text.
	Format llm.Format
}

// prepare validates in against the caps and the allowlist and plans the
// targets: a named provider pins the call; otherwise the model's owner (or
// the first configured provider) comes first and the other configured
// providers follow at their default models.
func (s *Service) prepare(in CompletionInput) (llm.Request, []target, error) {
	var v errs.Validator
	req := llm.Request{System: in.System, Messages: in.Messages, MaxTokens: in.MaxTokens, Temperature: in.Temperature, Format: in.Format}
	checkFormat(&v, in.Format)
	if in.Prompt != "" {
		req.Messages = append(append([]llm.Message(nil), in.Messages...), llm.Message{Role: "user", Content: in.Prompt})
	}
	v.Check(len(req.Messages) > 0, "prompt", "missing", "Either prompt or messages is required")
	chars := utf8.RuneCountInString(req.System)
	for i, m := range req.Messages {
		chars += utf8.RuneCountInString(m.Content)
		if i < len(in.Messages) {
			v.Check(m.Role == "user" || m.Role == "assistant", "messages", "value_error",
				"Message role must be user or assistant (put the system prompt in system)")
			v.Check(m.Content != "", "messages", "value_error", "Message content must not be empty")
		}
	}
	v.Check(chars <= s.cfg.MaxPromptChars, "prompt", "value_error",
		"Prompt is too long: %d characters, at most %d", chars, s.cfg.MaxPromptChars)
	switch {
	case req.MaxTokens < 0 || req.MaxTokens > s.cfg.MaxTokens:
		v.Add("max_tokens", "value_error", "max_tokens must be from 1 to %d", s.cfg.MaxTokens)
	case req.MaxTokens == 0:
		req.MaxTokens = min(s.cfg.DefaultMaxTokens, s.cfg.MaxTokens)
	}
	if t := in.Temperature; t != nil {
		v.Check(*t >= 0 && *t <= 2, "temperature", "value_error", "temperature must be from 0 to 2")
	}
	targets := s.plan(in.Provider, in.Model, func(p llm.Provider) string { return p.DefaultModel() }, &v)
	if err := v.Err(); err != nil {
		return llm.Request{}, nil, err
	}
	return req, targets, nil
}

// plan orders the targets for provider and model (see prepare). def gives
// a provider's default model for the kind of call.
func (s *Service) plan(provider, model string, def func(llm.Provider) string, v *errs.Validator) []target {
	if model != "" && !s.modelAllowed(model) {
		v.Add("model", "value_error", "Model %q is not allowed", model)
		return nil
	}
	if provider != "" {
		p, ok := s.byName[provider]
		if !ok {
			v.Add("provider", "value_error", "Provider %q is not configured", provider)
			return nil
		}
		if model == "" {
			model = def(p)
		}
		if model == "" || (ownerOf(model) != provider && model != def(p)) {
			v.Add("model", "value_error", "Model %q is not served by provider %q", model, provider)
			return nil
		}
		return []target{{p: p, model: model}}
	}
	var out []target
	if model != "" {
		p, ok := s.byName[ownerOf(model)]
		if !ok {
			v.Add("model", "value_error", "Model %q needs provider %q, which is not configured", model, ownerOf(model))
			return nil
		}
		out = append(out, target{p: p, model: model})
	}
	for _, p := range s.providers {
		if len(out) > 0 && out[0].p == p {
			continue
		}
		if m := def(p); m != "" {
			out = append(out, target{p: p, model: m})
		}
	}
	if len(out) == 0 {
		v.Add("provider", "value_error", "No configured provider can serve this request")
	}
	return out
}
