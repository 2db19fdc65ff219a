package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Anthropic starts a fake Anthropic API: POST /v1/messages answering JSON,
// or, when "stream" is true, the SSE events message_start,
// content_block_start, ping, content_block_delta (one per token),
// content_block_stop, message_delta and message_stop.
func Anthropic(tokens ...string) *Server {
	return newServer(tokens, func(s *Server) http.Handler {
		mux := http.NewServeMux()
		mux.HandleFunc("POST /v1/messages", s.anthropicMessages)
		return mux
	})
}

func anthropicError(status int) any {
	typ := "api_error"
	switch status {
	case http.StatusTooManyRequests:
		typ = "rate_limit_error"
	case 529:
		typ = "overloaded_error"
	}
	return map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": fmt.Sprintf("fake error %d", status)}}
}

func (s *Server) anthropicMessages(w http.ResponseWriter, r *http.Request) {
	body, ok := s.begin(w, r, anthropicError)
	if !ok {
		return
	}
	model, _ := body["model"].(string)
	if stream, _ := body["stream"].(bool); !stream {
		writeJSON(w, http.StatusOK, map[string]any{
			"id": "msg_fake", "type": "message", "role": "assistant", "model": model,
			"content":     []any{map[string]any{"type": "text", "text": join(s.Tokens)}},
			"stop_reason": "end_turn", "stop_sequence": nil,
			"usage": map[string]any{"input_tokens": 9, "output_tokens": len(s.Tokens)},
		})
		return
	}
	sseHeaders(w)
	event := func(name string, v any) {
		b, _ := json.Marshal(v)
		_, _ = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, b)
	}
	event("message_start", map[string]any{"type": "message_start", "message": map[string]any{
		"id": "msg_fake", "type": "message", "role": "assistant", "model": model, "content": []any{},
		"stop_reason": nil, "stop_sequence": nil, "usage": map[string]any{"input_tokens": 9, "output_tokens": 1}}})
	event("content_block_start", map[string]any{"type": "content_block_start", "index": 0,
		"content_block": map[string]any{"type": "text", "text": ""}})
	event("ping", map[string]any{"type": "ping"})
	if !s.stream(w, r, func(tok string) {
		event("content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
			"delta": map[string]any{"type": "text_delta", "text": tok}})
	}) {
		return
	}
	event("content_block_stop", map[string]any{"type": "content_block_stop", "index": 0})
	event("message_delta", map[string]any{"type": "message_delta",
		"delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil},
		"usage": map[string]any{"output_tokens": len(s.Tokens)}})
	event("message_stop", map[string]any{"type": "message_stop"})
}
