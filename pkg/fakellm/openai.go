package fakellm

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"strings"
)

func openAIError(status int) any {
	typ := "server_error"
	switch {
	case status == http.StatusTooManyRequests:
		typ = "rate_limit_error"
	case status < 500:
		typ = "invalid_request_error"
	}
	return map[string]any{"error": map[string]any{"message": fmt.Sprintf("fake error %d", status), "type": typ, "code": nil}}
}

func (s *Server) openAIChat(w http.ResponseWriter, r *http.Request) {
	x := s.begin(w, r, openAIError)
	if x == nil {
		return
	}
	model, n := x.model(), len(x.sc.Tokens)
	usage := map[string]any{"prompt_tokens": PromptTokens, "completion_tokens": n, "total_tokens": PromptTokens + n}
	if !x.streaming() {
		x.answerJSON(map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000, "model": model,
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": x.text()}}},
			"usage": usage,
		})
		return
	}
	if !x.startSSE("") {
		return
	}
	chunk := func(v map[string]any) error {
		v["id"], v["object"], v["created"], v["model"] = "chatcmpl-fake", "chat.completion.chunk", 1700000000, model
		return x.sse("", v)
	}
	if !x.tokens(func(i int, tok string) error {
		delta := map[string]any{"content": tok}
		if i == 0 {
			delta["role"] = "assistant"
		}
		return chunk(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": nil}}})
	}) {
		return
	}
	_ = chunk(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}})
	_ = chunk(map[string]any{"choices": []any{}, "usage": usage})
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
	_ = http.NewResponseController(w).Flush()
}

// openAIEmbeddings answers one vector per input (a string or strings), as
// floats or, with "encoding_format": "base64", as little-endian float32s.
func (s *Server) openAIEmbeddings(w http.ResponseWriter, r *http.Request) {
	x := s.begin(w, r, openAIError)
	if x == nil {
		return
	}
	var inputs []string
	switch in := x.body["input"].(type) {
	case string:
		inputs = []string{in}
	case []any:
		for _, v := range in {
			t, _ := v.(string)
			inputs = append(inputs, t)
		}
	}
	embed := x.sc.Embed
	if embed == nil {
		embed = Vector
	}
	b64 := x.body["encoding_format"] == "base64"
	data, words := make([]any, 0, len(inputs)), 0
	for i, text := range inputs {
		words += len(strings.Fields(text))
		var vec any = embed(text)
		if b64 {
			vec = base64Floats(vec.([]float32))
		}
		data = append(data, map[string]any{"object": "embedding", "index": i, "embedding": vec})
	}
	x.answerJSON(map[string]any{"object": "list", "data": data, "model": x.model(),
		"usage": map[string]any{"prompt_tokens": words, "total_tokens": words}})
}

// VectorDims is the length of Vector's vectors.
const VectorDims = 8

// Vector is the default embedding: the words of text (lower-cased)
// hashed into VectorDims dimensions, L2-normalised. The same text always
// gives the same vector; texts sharing words get closer vectors.
func Vector(text string) []float32 {
	v := make([]float64, VectorDims)
	for _, word := range strings.Fields(strings.ToLower(text)) {
		h := fnv.New32a()
		_, _ = h.Write([]byte(word))
		v[h.Sum32()%VectorDims]++
	}
	var norm float64
	for _, f := range v {
		norm += f * f
	}
	out := make([]float32, VectorDims)
	for i, f := range v {
		if norm > 0 {
			out[i] = float32(f / math.Sqrt(norm))
		}
	}
	return out
}

func base64Floats(v []float32) string {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return base64.StdEncoding.EncodeToString(b)
}
