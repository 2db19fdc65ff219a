package fakellm_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/fakellm"
)

// post sends body as JSON to url and returns the response (closed at the
// end of the test).
func post(t *testing.T, ctx context.Context, url string, body map[string]any) *http.Response {
	t.Helper()
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

func chat(prompt string, stream bool) map[string]any {
	return map[string]any{"model": "gpt-4o-mini", "stream": stream,
		"messages": []any{map[string]any{"role": "user", "content": prompt}}}
}

func decode(t *testing.T, r io.Reader) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return m
}

// dataLines reads SSE "data:" payloads one at a time.
type dataLines struct{ r *bufio.Reader }

func (d dataLines) next() (string, error) {
	for {
		line, err := d.r.ReadString('\n')
		if err != nil {
			return "", err
		}
		if p, ok := strings.CutPrefix(strings.TrimSpace(line), "data: "); ok {
			return p, nil
		}
	}
}

func TestScriptsAreSelectedByTheKeyInThePrompt(t *testing.T) {
	t.Parallel()
	f := fakellm.OpenAI("default")
	t.Cleanup(f.Close)
	a, b := f.NewScript(t, "from", " a"), f.NewScript(t)
	for _, tc := range []struct{ prompt, want string }{
		{a.Prompt("hi"), "from a"},
		{b.Prompt("hi"), strings.Join(fakellm.DefaultTokens, "")},
		{"no key", "default"},
	} {
		m := decode(t, post(t, t.Context(), f.BaseURL()+"/chat/completions", chat(tc.prompt, false)).Body)
		msg := m["choices"].([]any)[0].(map[string]any)["message"].(map[string]any)
		if msg["content"] != tc.want {
			t.Errorf("%q answered %q, want %q", tc.prompt, msg["content"], tc.want)
		}
		if u := m["usage"].(map[string]any); u["prompt_tokens"] != float64(fakellm.PromptTokens) {
			t.Errorf("usage %v", u)
		}
	}
	if a.Requests() != 1 || b.Requests() != 1 || f.Requests() != 1 {
		t.Fatalf("requests a=%d b=%d default=%d, want 1 each", a.Requests(), b.Requests(), f.Requests())
	}
	if got := a.LastText(); got != a.Prompt("hi") {
		t.Fatalf("LastText %q", got)
	}
}

func TestScriptedErrorsCarryTheVendorsBodyAndRetryHeaders(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		start     func(...string) *fakellm.Server
		path      string
		errorType func(map[string]any) any
	}{
		{"openai", fakellm.OpenAI, "/v1/chat/completions", func(m map[string]any) any { return m["error"].(map[string]any)["type"] }},
		{"anthropic", fakellm.Anthropic, "/v1/messages", func(m map[string]any) any { return m["error"].(map[string]any)["type"] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := tc.start()
			t.Cleanup(f.Close)
			f.Behave = func(n int) fakellm.Reply {
				if n == 1 {
					return fakellm.Reply{Status: http.StatusTooManyRequests, RetryAfter: "2", RetryAfterMS: "1500"}
				}
				return fakellm.Reply{}
			}
			resp := post(t, t.Context(), f.URL+tc.path, chat("hi", false))
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" || resp.Header.Get("retry-after-ms") != "1500" {
				t.Fatalf("%d %v, want 429 with both retry headers", resp.StatusCode, resp.Header)
			}
			if typ := tc.errorType(decode(t, resp.Body)); typ != "rate_limit_error" {
				t.Fatalf("error type %v", typ)
			}
			if resp := post(t, t.Context(), f.URL+tc.path, chat("hi", false)); resp.StatusCode != http.StatusOK {
				t.Fatalf("second request: %d", resp.StatusCode)
			}
		})
	}
}

// The gate releases token n+1 only when the test says so, after it read
// event n; Sent tells how far the server got.
func TestGateReleasesTheStreamTokenByToken(t *testing.T) {
	t.Parallel()
	f := fakellm.OpenAI("a", "b", "c")
	t.Cleanup(f.Close)
	f.Gate = make(chan struct{})
	resp := post(t, t.Context(), f.BaseURL()+"/chat/completions", chat("hi", true))
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	lines := dataLines{bufio.NewReader(resp.Body)}
	for i, want := range []string{"a", "b", "c"} {
		data, err := lines.next()
		if err != nil {
			t.Fatal(err)
		}
		delta := decode(t, strings.NewReader(data))["choices"].([]any)[0].(map[string]any)["delta"].(map[string]any)
		if delta["content"] != want || f.Sent() != i+1 {
			t.Fatalf("event %d: %s after %d sent, want %q as the only new token", i+1, data, f.Sent(), want)
		}
		if i < 2 {
			f.Gate <- struct{}{}
		}
	}
	var rest []string
	for {
		data, err := lines.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rest = append(rest, data)
	}
	if len(rest) != 3 || !strings.Contains(rest[0], `"finish_reason":"stop"`) || !strings.Contains(rest[1], `"completion_tokens":3`) || rest[2] != "[DONE]" {
		t.Fatalf("after the tokens: %q, want finish, usage and [DONE]", rest)
	}
}

func TestClientThatGoesAwayIsCounted(t *testing.T) {
	t.Parallel()
	for _, hang := range []bool{true, false} {
		f := fakellm.Anthropic("one", " two")
		t.Cleanup(f.Close)
		f.Gate = make(chan struct{}) // never opened: the stream stops after "one"
		arrived := make(chan struct{})
		f.Behave = func(int) fakellm.Reply { close(arrived); return fakellm.Reply{Hang: hang} }
		ctx, cancel := context.WithCancel(t.Context())
		answered := make(chan *http.Response, 1)
		go func() {
			b, _ := json.Marshal(chat("hi", true))
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, f.URL+"/v1/messages", bytes.NewReader(b))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				resp = nil
			}
			answered <- resp
		}()
		<-arrived
		if !hang { // read up to the first token, then go away
			resp := <-answered
			if resp == nil {
				t.Fatal("no answer")
			}
			defer resp.Body.Close()
			lines := dataLines{bufio.NewReader(resp.Body)}
			for {
				data, err := lines.next()
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(data, `"text":"one"`) {
					break
				}
			}
		}
		cancel()
		if err := f.WaitCancelled(t.Context(), 1); err != nil {
			t.Fatalf("hang %v: %v", hang, err)
		}
		if !hang && f.Sent() != 1 {
			t.Fatalf("sent %d tokens, want 1", f.Sent())
		}
	}
}

func TestBrokenAnswers(t *testing.T) {
	t.Parallel()
	f := fakellm.OpenAI("a", "b", "c")
	t.Cleanup(f.Close)
	f.Behave = func(n int) fakellm.Reply {
		return [...]fakellm.Reply{{Malformed: true}, {Malformed: true}, {CutAfter: 2}}[n-1]
	}
	url := f.BaseURL() + "/chat/completions"
	var m map[string]any
	if err := json.NewDecoder(post(t, t.Context(), url, chat("hi", false)).Body).Decode(&m); err == nil {
		t.Fatalf("malformed JSON answer decoded: %v", m)
	}
	data, err := dataLines{bufio.NewReader(post(t, t.Context(), url, chat("hi", true)).Body)}.next()
	if err != nil || json.Unmarshal([]byte(data), &m) == nil {
		t.Fatalf("malformed stream event %q (%v) is JSON", data, err)
	}
	b, err := io.ReadAll(post(t, t.Context(), url, chat("hi", true)).Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) || strings.Count(string(b), "data: ") != 2 {
		t.Fatalf("cut stream: %v after %q, want an unexpected EOF after 2 events", err, b)
	}
}

func TestEmbeddingsAsFloatsAndBase64(t *testing.T) {
	t.Parallel()
	f := fakellm.OpenAI()
	t.Cleanup(f.Close)
	texts := []any{"red shoes", "blue hat for summer"}
	floats := decode(t, post(t, t.Context(), f.BaseURL()+"/embeddings", map[string]any{"model": "m", "input": texts}).Body)
	b64 := decode(t, post(t, t.Context(), f.BaseURL()+"/embeddings",
		map[string]any{"model": "m", "input": texts, "encoding_format": "base64"}).Body)
	for i := range texts {
		fv := floats["data"].([]any)[i].(map[string]any)["embedding"].([]any)
		raw, _ := base64.StdEncoding.DecodeString(b64["data"].([]any)[i].(map[string]any)["embedding"].(string))
		want := fakellm.Vector(texts[i].(string))
		if len(fv) != fakellm.VectorDims || len(raw) != 4*fakellm.VectorDims {
			t.Fatalf("text %d: %d floats, %d bytes", i, len(fv), len(raw))
		}
		for d := range want {
			if float32(fv[d].(float64)) != want[d] || math.Float32frombits(binary.LittleEndian.Uint32(raw[4*d:])) != want[d] {
				t.Fatalf("text %d dim %d: %v / base64, want %v", i, d, fv[d], want[d])
			}
		}
	}
	if u := floats["usage"].(map[string]any); u["prompt_tokens"] != float64(6) {
		t.Fatalf("usage %v, want 6 words", u)
	}
}
