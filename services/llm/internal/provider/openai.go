package provider

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"

	openai "github.com/sashabaranov/go-openai"

	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// OpenAIConfig configures the OpenAI provider.
type OpenAIConfig struct {
	APIKey     string
	BaseURL    string // default https://api.openai.com/v1; any OpenAI-compatible server
	Model      string // default chat model
	EmbedModel string // default embedding model
}

// OpenAI speaks the OpenAI chat completions and embeddings API through
// go-openai (which never retries by itself).
type OpenAI struct {
	cfg    OpenAIConfig
	client atomic.Pointer[openai.Client] // replaced by SetAPIKey
	hc     *http.Client
	tr     *http.Transport
}

// NewOpenAI builds the provider.
func NewOpenAI(cfg OpenAIConfig) *OpenAI {
	hc, tr := newHTTPClient()
	p := &OpenAI{cfg: cfg, hc: hc, tr: tr}
	p.SetAPIKey(cfg.APIKey)
	return p
}

// SetAPIKey makes the calls that start from now on use key (a key
// rotated in AWS Secrets Manager, on SIGHUP); calls under way finish
// with the old one. The connections are kept.
func (p *OpenAI) SetAPIKey(key string) {
	oc := openai.DefaultConfig(key)
	if p.cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(p.cfg.BaseURL, "/")
	}
	oc.HTTPClient = p.hc
	p.client.Store(openai.NewClientWithConfig(oc))
}

// Name is "openai".
func (p *OpenAI) Name() string { return llm.OpenAI }

// DefaultModel is the configured chat model.
func (p *OpenAI) DefaultModel() string { return p.cfg.Model }

// DefaultEmbedModel is the configured embedding model.
func (p *OpenAI) DefaultEmbedModel() string { return p.cfg.EmbedModel }

// Close drops idle connections.
func (p *OpenAI) Close() { p.tr.CloseIdleConnections() }

func (p *OpenAI) request(r llm.Request) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{Model: r.Model, MaxTokens: r.MaxTokens}
	if r.System != "" {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleSystem, Content: r.System})
	}
	for _, m := range r.Messages {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	if r.Temperature != nil {
		req.Temperature = float32(*r.Temperature)
	}
	if r.Format.JSON() {
		req.ResponseFormat = openAIFormat(r.Format)
	}
	return req
}

// openAIFormat is response_format json_schema (not strict: every JSON
// Schema keyword may appear) when a schema is given, else json_object.
func openAIFormat(f llm.Format) *openai.ChatCompletionResponseFormat {
	if f.Schema == "" {
		return &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	return &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
		JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: orDefault(f.Name, "answer"), Schema: json.RawMessage(f.Schema)}}
}

// Complete makes one non-streaming chat completion.
func (p *OpenAI) Complete(ctx context.Context, r llm.Request) (llm.Response, error) {
	ctx, box := withHeaders(ctx)
	resp, err := p.client.Load().CreateChatCompletion(ctx, p.request(r))
	if err != nil {
		return llm.Response{}, classify(ctx, p.Name(), openAIStatus(err), box, err)
	}
	out := llm.Response{Model: orDefault(resp.Model, r.Model), Provider: p.Name()}
	if len(resp.Choices) > 0 {
		out.Text = resp.Choices[0].Message.Content
		out.FinishReason = string(resp.Choices[0].FinishReason)
	}
	out.Usage, out.UsageReported = openAIUsage(&resp.Usage, r, out.Text)
	return out, nil
}

// Stream makes one streaming chat completion (SSE), asking for the usage
// chunk at the end.
func (p *OpenAI) Stream(ctx context.Context, r llm.Request, emit llm.Emit) (llm.Response, error) {
	ctx, box := withHeaders(ctx)
	req := p.request(r)
	req.Stream = true
	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	stream, err := p.client.Load().CreateChatCompletionStream(ctx, req)
	if err != nil {
		return llm.Response{}, classify(ctx, p.Name(), openAIStatus(err), box, err)
	}
	defer stream.Close()
	out := llm.Response{Model: r.Model, Provider: p.Name()}
	var text strings.Builder
	var usage *openai.Usage
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			out.Text = text.String()
			return out, classify(ctx, p.Name(), openAIStatus(err), box, err)
		}
		out.Model = orDefault(chunk.Model, out.Model)
		if chunk.Usage != nil {
			usage = chunk.Usage
		}
		for _, c := range chunk.Choices {
			if c.FinishReason != "" {
				out.FinishReason = string(c.FinishReason)
			}
			if c.Delta.Content == "" {
				continue
			}
			text.WriteString(c.Delta.Content)
			if err := emit(c.Delta.Content); err != nil {
				out.Text = text.String()
				return out, err
			}
		}
	}
	out.Text = text.String()
	out.Usage, out.UsageReported = openAIUsage(usage, r, out.Text)
	return out, nil
}

// Embed calls /embeddings for a batch.
func (p *OpenAI) Embed(ctx context.Context, r llm.EmbedRequest) (llm.EmbedResponse, error) {
	ctx, box := withHeaders(ctx)
	resp, err := p.client.Load().CreateEmbeddings(ctx, openai.EmbeddingRequest{Input: r.Texts, Model: openai.EmbeddingModel(r.Model)})
	if err != nil {
		return llm.EmbedResponse{}, classify(ctx, p.Name(), openAIStatus(err), box, err)
	}
	out := llm.EmbedResponse{Vectors: make([][]float32, len(r.Texts)), Model: orDefault(string(resp.Model), r.Model), Provider: p.Name()}
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= len(out.Vectors) {
			return llm.EmbedResponse{}, &llm.ProviderError{Provider: p.Name(), Err: errors.New("embedding index out of range")}
		}
		out.Vectors[d.Index] = d.Embedding
	}
	for _, v := range out.Vectors {
		if v == nil {
			return llm.EmbedResponse{}, &llm.ProviderError{Provider: p.Name(), Err: errors.New("missing embedding in response")}
		}
	}
	out.Usage = llm.Usage{PromptTokens: resp.Usage.PromptTokens}
	if out.Usage.PromptTokens == 0 {
		for _, t := range r.Texts {
			out.Usage.PromptTokens += llm.CountTokens(t)
		}
	}
	return out, nil
}

func openAIStatus(err error) int {
	var ae *openai.APIError
	if errors.As(err, &ae) {
		return ae.HTTPStatusCode
	}
	var re *openai.RequestError
	if errors.As(err, &re) {
		return re.HTTPStatusCode
	}
	return 0
}

func openAIUsage(u *openai.Usage, r llm.Request, text string) (llm.Usage, bool) {
	if u != nil && (u.PromptTokens > 0 || u.CompletionTokens > 0) {
		return llm.Usage{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens}, true
	}
	return llm.Usage{PromptTokens: llm.PromptTokens(r), CompletionTokens: llm.CountTokens(text)}, false
}

func orDefault(v, def string) string {
	if v != "" {
		return v
	}
	return def
}
