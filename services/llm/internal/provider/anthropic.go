package provider

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// AnthropicConfig configures the Anthropic provider.
type AnthropicConfig struct {
	APIKey  string
	BaseURL string // default https://api.anthropic.com
	Model   string // default model
}

// Anthropic speaks the Messages API through the official SDK, with the
// SDK's retries off and without its environment defaults (the service
// passes key and base URL explicitly).
type Anthropic struct {
	cfg    AnthropicConfig
	client atomic.Pointer[anthropic.Client] // replaced by SetAPIKey
	hc     *http.Client
	tr     *http.Transport
}

// NewAnthropic builds the provider.
func NewAnthropic(cfg AnthropicConfig) *Anthropic {
	hc, tr := newHTTPClient()
	p := &Anthropic{cfg: cfg, hc: hc, tr: tr}
	p.SetAPIKey(cfg.APIKey)
	return p
}

// SetAPIKey makes the calls that start from now on use key (see
// OpenAI.SetAPIKey).
func (p *Anthropic) SetAPIKey(key string) {
	opts := []option.RequestOption{
		option.WithoutEnvironmentDefaults(),
		option.WithAPIKey(key),
		option.WithHTTPClient(p.hc),
		option.WithMaxRetries(0),
	}
	if p.cfg.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(p.cfg.BaseURL))
	}
	c := anthropic.NewClient(opts...)
	p.client.Store(&c)
}

// Name is "anthropic".
func (p *Anthropic) Name() string { return llm.Anthropic }

// DefaultModel is the configured model.
func (p *Anthropic) DefaultModel() string { return p.cfg.Model }

// DefaultEmbedModel is empty: Anthropic has no embeddings API.
func (p *Anthropic) DefaultEmbedModel() string { return "" }

// Close drops idle connections.
func (p *Anthropic) Close() { p.tr.CloseIdleConnections() }

func (p *Anthropic) params(r llm.Request) (anthropic.MessageNewParams, []option.RequestOption) {
	prm := anthropic.MessageNewParams{Model: r.Model, MaxTokens: int64(r.MaxTokens)}
	if r.System != "" {
		prm.System = []anthropic.TextBlockParam{{Text: r.System}}
	}
	for _, m := range r.Messages {
		if m.Role == "assistant" {
			prm.Messages = append(prm.Messages, anthropic.NewAssistantMessage(anthropic.NewTextBlock(m.Content)))
		} else {
			prm.Messages = append(prm.Messages, anthropic.NewUserMessage(anthropic.NewTextBlock(m.Content)))
		}
	}
	var opts []option.RequestOption
	if r.Temperature != nil {
		// MessageNewParams has no temperature field in this SDK version;
		// the API still accepts it.
		opts = append(opts, option.WithJSONSet("temperature", *r.Temperature))
	}
	return prm, opts
}

// Complete makes one Messages call.
func (p *Anthropic) Complete(ctx context.Context, r llm.Request) (llm.Response, error) {
	ctx, box := withHeaders(ctx)
	prm, opts := p.params(r)
	prefill := ""
	if r.Format.JSON() {
		// No JSON mode in the Messages API: the answer is made to start
		// as a JSON object by writing its first character for the model.
		prefill = "{"
		prm.Messages = append(prm.Messages, anthropic.NewAssistantMessage(anthropic.NewTextBlock(prefill)))
	}
	msg, err := p.client.Load().Messages.New(ctx, prm, opts...)
	if err != nil {
		return llm.Response{}, classify(ctx, p.Name(), anthropicStatus(err), box, err)
	}
	var text strings.Builder
	text.WriteString(prefill)
	for _, b := range msg.Content {
		if b.Type == "text" {
			text.WriteString(b.Text)
		}
	}
	out := llm.Response{Text: text.String(), Model: orDefault(msg.Model, r.Model), Provider: p.Name(), FinishReason: string(msg.StopReason)}
	out.Usage, out.UsageReported = anthropicUsage(msg.Usage.InputTokens, msg.Usage.OutputTokens, r, out.Text)
	return out, nil
}

// Stream makes one streaming Messages call (SSE events message_start,
// content_block_delta, message_delta, message_stop).
func (p *Anthropic) Stream(ctx context.Context, r llm.Request, emit llm.Emit) (llm.Response, error) {
	ctx, box := withHeaders(ctx)
	prm, opts := p.params(r)
	stream := p.client.Load().Messages.NewStreaming(ctx, prm, opts...)
	defer func() { _ = stream.Close() }()
	out := llm.Response{Model: r.Model, Provider: p.Name()}
	var text strings.Builder
	var in, outTok int64
	for stream.Next() {
		ev := stream.Current()
		switch ev.Type {
		case "message_start":
			out.Model = orDefault(ev.Message.Model, out.Model)
			in, outTok = ev.Message.Usage.InputTokens, ev.Message.Usage.OutputTokens
		case "content_block_delta":
			if ev.Delta.Type != "text_delta" || ev.Delta.Text == "" {
				continue
			}
			text.WriteString(ev.Delta.Text)
			if err := emit(ev.Delta.Text); err != nil {
				out.Text = text.String()
				return out, err
			}
		case "message_delta":
			out.FinishReason = string(ev.Delta.StopReason)
			if ev.Usage.OutputTokens > 0 {
				outTok = ev.Usage.OutputTokens
			}
			if ev.Usage.InputTokens > 0 {
				in = ev.Usage.InputTokens
			}
		}
	}
	out.Text = text.String()
	if err := stream.Err(); err != nil {
		return out, classify(ctx, p.Name(), anthropicStatus(err), box, err)
	}
	out.Usage, out.UsageReported = anthropicUsage(in, outTok, r, out.Text)
	return out, nil
}

// Embed is not supported by Anthropic.
func (p *Anthropic) Embed(context.Context, llm.EmbedRequest) (llm.EmbedResponse, error) {
	return llm.EmbedResponse{}, llm.ErrNotSupported
}

func anthropicStatus(err error) int {
	var ae *anthropic.Error
	if errors.As(err, &ae) {
		return ae.StatusCode
	}
	return 0
}

func anthropicUsage(in, out int64, r llm.Request, text string) (llm.Usage, bool) {
	if in > 0 || out > 0 {
		return llm.Usage{PromptTokens: int(in), CompletionTokens: int(out)}, true
	}
	return llm.Usage{PromptTokens: llm.PromptTokens(r), CompletionTokens: llm.CountTokens(text)}, false
}
