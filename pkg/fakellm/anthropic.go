package fakellm

import (
	"fmt"
	"net/http"
)

func anthropicError(status int) any {
	typ := "api_error"
	switch {
	case status == http.StatusTooManyRequests:
		typ = "rate_limit_error"
	case status == 529:
		typ = "overloaded_error"
	case status < 500:
		typ = "invalid_request_error"
	}
	return map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": fmt.Sprintf("fake error %d", status)}}
}

func (s *Server) anthropicMessages(w http.ResponseWriter, r *http.Request) {
	x := s.begin(w, r, anthropicError)
	if x == nil {
		return
	}
	model, n := x.model(), len(x.sc.Tokens)
	if !x.streaming() {
		x.answerJSON(map[string]any{
			"id": "msg_fake", "type": "message", "role": "assistant", "model": model,
			"content":     []any{map[string]any{"type": "text", "text": x.text()}},
			"stop_reason": "end_turn", "stop_sequence": nil,
			"usage": map[string]any{"input_tokens": PromptTokens, "output_tokens": n},
		})
		return
	}
	if !x.startSSE("content_block_delta") {
		return
	}
	event := func(name string, v map[string]any) error {
		v["type"] = name
		return x.sse(name, v)
	}
	_ = event("message_start", map[string]any{"message": map[string]any{
		"id": "msg_fake", "type": "message", "role": "assistant", "model": model, "content": []any{},
		"stop_reason": nil, "stop_sequence": nil, "usage": map[string]any{"input_tokens": PromptTokens, "output_tokens": 1}}})
	_ = event("content_block_start", map[string]any{"index": 0, "content_block": map[string]any{"type": "text", "text": ""}})
	_ = event("ping", map[string]any{})
	if !x.tokens(func(_ int, tok string) error {
		return event("content_block_delta", map[string]any{"index": 0, "delta": map[string]any{"type": "text_delta", "text": tok}})
	}) {
		return
	}
	_ = event("content_block_stop", map[string]any{"index": 0})
	_ = event("message_delta", map[string]any{"delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil},
		"usage": map[string]any{"output_tokens": n}})
	_ = event("message_stop", map[string]any{})
}
