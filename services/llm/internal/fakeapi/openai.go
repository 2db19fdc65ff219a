package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/copydesk/copydesk/pkg/embedhash"
)

// OpenAI starts a fake OpenAI API at URL()+"/v1": /v1/chat/completions
// (JSON, or SSE `data: {chunk}` events ending with a usage chunk and
// `data: [DONE]` when "stream" is true) and /v1/embeddings.
func OpenAI(tokens ...string) *Server {
	return newServer(tokens, func(s *Server) http.Handler {
		mux := http.NewServeMux()
		mux.HandleFunc("POST /v1/chat/completions", s.openAIChat)
		mux.HandleFunc("POST /v1/embeddings", s.openAIEmbeddings)
		return mux
	})
}

// BaseURL is what OPENAI_BASE_URL would be.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

func openAIError(status int) any {
	typ := "server_error"
	if status == http.StatusTooManyRequests {
		typ = "rate_limit_error"
	}
	return map[string]any{"error": map[string]any{"message": fmt.Sprintf("fake error %d", status), "type": typ, "code": nil}}
}

func (s *Server) openAIChat(w http.ResponseWriter, r *http.Request) {
	body, ok := s.begin(w, r, openAIError)
	if !ok {
		return
	}
	model, _ := body["model"].(string)
	usage := map[string]any{"prompt_tokens": 7, "completion_tokens": len(s.Tokens), "total_tokens": 7 + len(s.Tokens)}
	if stream, _ := body["stream"].(bool); !stream {
		writeJSON(w, http.StatusOK, map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000, "model": model,
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": join(s.Tokens)}, "finish_reason": "stop"}},
			"usage":   usage,
		})
		return
	}
	sseHeaders(w)
	chunk := func(delta map[string]any, finish any) {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000, "model": model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
		})
		_, _ = fmt.Fprintf(w, "data: %s\n\n", b)
	}
	first := true
	if !s.stream(w, r, func(tok string) {
		d := map[string]any{"content": tok}
		if first {
			d["role"], first = "assistant", false
		}
		chunk(d, nil)
	}) {
		return
	}
	chunk(map[string]any{}, "stop")
	b, _ := json.Marshal(map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000,
		"model": model, "choices": []any{}, "usage": usage})
	_, _ = fmt.Fprintf(w, "data: %s\n\ndata: [DONE]\n\n", b)
}

func (s *Server) openAIEmbeddings(w http.ResponseWriter, r *http.Request) {
	body, ok := s.begin(w, r, openAIError)
	if !ok {
		return
	}
	model, _ := body["model"].(string)
	inputs, _ := body["input"].([]any)
	data := make([]any, 0, len(inputs))
	for i, in := range inputs {
		text, _ := in.(string)
		data = append(data, map[string]any{"object": "embedding", "index": i, "embedding": embedhash.HashEmbed(text, 8)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data, "model": model,
		"usage": map[string]any{"prompt_tokens": 3 * len(inputs), "total_tokens": 3 * len(inputs)}})
}
