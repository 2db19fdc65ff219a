// Package llm holds the types shared by the domain and the providers: a
// completion request, its streamed pieces and result, embeddings, and the
// error a provider returns so that the domain can decide to retry or fail
// over. It imports no SDK, no gRPC and no Mongo.
package llm

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Provider names.
const (
	OpenAI    = "openai"
	Anthropic = "anthropic"
	Offline   = "offline"
)

// Message is one turn of a conversation.
type Message struct {
	Role    string // "user" or "assistant" (system goes in Request.System)
	Content string
}

// Request is one completion call to one provider.
type Request struct {
	Model       string
	System      string
	Messages    []Message
	MaxTokens   int
	Temperature *float64
	// Format asks for a JSON answer (zero: free text).
	Format Format
}

// Format asks a provider for a JSON answer: OpenAI's response_format
// (json_schema with Schema, else json_object), Anthropic's assistant
// prefill "{", the offline provider's instance of Schema.
type Format struct {
	// Type is "json" for a JSON answer; "" or "text" is free text.
	Type string
	// Schema is a JSON Schema (a JSON object) the answer should follow;
	// empty: any JSON object.
	Schema string
	// Name names the schema (OpenAI's json_schema.name).
	Name string
}

// JSON reports whether a JSON answer is asked for.
func (f Format) JSON() bool { return f.Type == "json" }

// Usage counts tokens.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
}

// Total is prompt + completion tokens.
func (u Usage) Total() int { return u.PromptTokens + u.CompletionTokens }

// Response is the result of a completion call.
type Response struct {
	Text         string
	Model        string
	Provider     string
	FinishReason string
	Usage        Usage
	// UsageReported is false when the provider gave no usage and the
	// tokens were counted by the service.
	UsageReported bool
}

// EmbedRequest asks for vectors.
type EmbedRequest struct {
	Model string
	Texts []string
}

// EmbedResponse carries one vector per text.
type EmbedResponse struct {
	Vectors  [][]float32
	Model    string
	Provider string
	Usage    Usage
}

// Emit receives streamed text; an error (client gone) stops the stream.
type Emit func(delta string) error

// Provider is one upstream model vendor.
type Provider interface {
	Name() string
	// DefaultModel answers requests that name no model (or a model of
	// another provider, after failover).
	DefaultModel() string
	// DefaultEmbedModel is "" when the provider does not embed.
	DefaultEmbedModel() string
	Complete(ctx context.Context, r Request) (Response, error)
	// Stream calls emit for each piece of text, in order, and returns the
	// whole response (text, usage) at the end.
	Stream(ctx context.Context, r Request, emit Emit) (Response, error)
	Embed(ctx context.Context, r EmbedRequest) (EmbedResponse, error)
}

// ErrNotSupported: the provider cannot do this (e.g. anthropic embeddings).
var ErrNotSupported = errors.New("not supported by this provider")

// ProviderError is an upstream failure, classified.
type ProviderError struct {
	Provider   string
	Status     int           // HTTP status, 0 for transport errors and timeouts
	Retryable  bool          // 429, 5xx, timeouts, broken connections
	RetryAfter time.Duration // from Retry-After / retry-after-ms, 0 if none
	Timeout    bool
	Err        error
}

func (e *ProviderError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("%s: HTTP %d: %v", e.Provider, e.Status, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Provider, e.Err)
}

func (e *ProviderError) Unwrap() error { return e.Err }

// BreakerFailure reports whether the failure says the provider is broken
// (5xx, timeout, broken connection) and so counts toward its circuit
// breaker. A 429 is the provider asking this caller to slow down: it is
// retried and failed over like the others, but not counted, so that one
// company's rate-limited calls cannot open the breaker every company
// shares.
func (e *ProviderError) BreakerFailure() bool {
	return e.Retryable && e.Status != 429
}

// RetryableStatus reports whether an HTTP status is worth another attempt.
func RetryableStatus(code int) bool {
	return code == 408 || code == 409 || code == 429 || code >= 500
}
