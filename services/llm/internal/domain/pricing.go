package domain

import (
	"math"

	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// Price is the list price of a model in USD per million tokens, which is
// the same number as micro-dollars per token.
type Price struct {
	Prompt     float64 `json:"prompt"`
	Completion float64 `json:"completion"`
}

// Prices maps a model to its price; the key "*" prices models not listed.
type Prices map[string]Price

// DefaultPrices is the built-in table (USD per million tokens), used when
// LLM_PRICES is not set. Offline models are free.
func DefaultPrices() Prices {
	return Prices{
		"gpt-4o-mini":             {Prompt: 0.15, Completion: 0.60},
		"gpt-4o":                  {Prompt: 2.50, Completion: 10.00},
		"gpt-4.1-mini":            {Prompt: 0.40, Completion: 1.60},
		"gpt-4.1":                 {Prompt: 2.00, Completion: 8.00},
		"text-embedding-3-small":  {Prompt: 0.02},
		"text-embedding-3-large":  {Prompt: 0.13},
		"claude-3-5-haiku-latest": {Prompt: 0.80, Completion: 4.00},
		"claude-haiku-4-5":        {Prompt: 1.00, Completion: 5.00},
		"claude-sonnet-4-5":       {Prompt: 3.00, Completion: 15.00},
		"offline-1":               {},
		"offline-embed-256":       {},
	}
}

// Has reports whether model has a price (or a "*" fallback exists).
func (p Prices) Has(model string) bool {
	_, ok := p[model]
	_, star := p["*"]
	return ok || star
}

// Cost is the cost of u on model in whole micro-dollars, rounded up so
// that a paid call never costs 0.
func (p Prices) Cost(model string, u llm.Usage) int64 {
	pr, ok := p[model]
	if !ok {
		pr = p["*"]
	}
	c := float64(u.PromptTokens)*pr.Prompt + float64(u.CompletionTokens)*pr.Completion
	return int64(math.Ceil(c - 1e-9))
}
