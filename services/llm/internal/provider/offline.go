package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/embedhash"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// Offline model names.
const (
	OfflineModel      = "offline-1"
	OfflineEmbedModel = "offline-embed-256"
)

// Offline answers without any network: deterministic text built from the
// prompt, streamed word by word, and feature-hashed embeddings. Every
// answer says provider "offline".
type Offline struct {
	// TokenDelay paces streamed words (0 for tests; a few ms for demos).
	TokenDelay time.Duration
}

// Name is "offline".
func (Offline) Name() string { return llm.Offline }

// DefaultModel is offline-1.
func (Offline) DefaultModel() string { return OfflineModel }

// DefaultEmbedModel is offline-embed-256.
func (Offline) DefaultEmbedModel() string { return OfflineEmbedModel }

// Complete answers at once.
func (o Offline) Complete(ctx context.Context, r llm.Request) (llm.Response, error) {
	return o.Stream(ctx, r, func(string) error { return nil })
}

// Stream emits the answer word by word.
func (o Offline) Stream(ctx context.Context, r llm.Request, emit llm.Emit) (llm.Response, error) {
	words := offlineAnswer(r)
	reason := "stop"
	if r.MaxTokens > 0 && len(words) > r.MaxTokens {
		words, reason = words[:r.MaxTokens], "length"
	}
	out := llm.Response{Model: orDefault(r.Model, OfflineModel), Provider: llm.Offline, FinishReason: reason, UsageReported: true}
	var text strings.Builder
	for i, w := range words {
		if i > 0 && o.TokenDelay > 0 {
			t := time.NewTimer(o.TokenDelay)
			select {
			case <-ctx.Done():
				t.Stop()
				out.Text = text.String()
				return out, ctx.Err()
			case <-t.C:
			}
		}
		if err := ctx.Err(); err != nil {
			out.Text = text.String()
			return out, err
		}
		text.WriteString(w)
		out.Usage.CompletionTokens++
		if err := emit(w); err != nil {
			out.Text = text.String()
			return out, err
		}
	}
	out.Text = text.String()
	out.Usage.PromptTokens = len(words0(r.System))
	for _, m := range r.Messages {
		out.Usage.PromptTokens += len(words0(m.Content))
	}
	return out, nil
}

// offlineAnswer is a deterministic reply: a label, then the gist of the
// last user message. Each element is one streamed token (a word with its
// leading space).
func offlineAnswer(r llm.Request) []string {
	var last string
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role != "assistant" {
			last = r.Messages[i].Content
			break
		}
	}
	gist := words0(last)
	if len(gist) > 40 {
		gist = gist[:40]
	}
	text := fmt.Sprintf("[offline] This is a deterministic answer from the offline provider (no API key is configured). You asked about: %s.",
		strings.Join(gist, " "))
	if len(gist) == 0 {
		text = "[offline] This is a deterministic answer from the offline provider (no API key is configured)."
	}
	if r.Format.JSON() {
		return []string{offlineJSON(r.Format, gist, text)} // one token: JSON keeps its spacing
	}
	fields := strings.Fields(text)
	for i := 1; i < len(fields); i++ {
		fields[i] = " " + fields[i]
	}
	return fields
}

func words0(s string) []string { return strings.Fields(s) }

// Embed returns feature-hashed vectors (see embed.go).
func (Offline) Embed(_ context.Context, r llm.EmbedRequest) (llm.EmbedResponse, error) {
	out := llm.EmbedResponse{Model: orDefault(r.Model, OfflineEmbedModel), Provider: llm.Offline, Vectors: make([][]float32, len(r.Texts))}
	for i, t := range r.Texts {
		out.Vectors[i] = embedhash.HashEmbed(t, embedhash.Dims)
		out.Usage.PromptTokens += len(words0(t))
	}
	return out, nil
}
