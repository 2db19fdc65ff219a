package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

// keyRecorder is a provider endpoint that notes the key of each call and
// answers 401 (the test only looks at what the SDK sent).
type keyRecorder struct {
	mu   sync.Mutex
	keys []string
}

func (k *keyRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	k.mu.Lock()
	k.keys = append(k.keys, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+r.Header.Get("X-Api-Key"))
	k.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte(`{"error":{"type":"authentication_error","message":"bad key"}}`))
}

func (k *keyRecorder) last() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keys[len(k.keys)-1]
}

func TestSighupHookRotatesProviderKeys(t *testing.T) {
	t.Parallel()
	rec := &keyRecorder{}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	oa := provider.NewOpenAI(provider.OpenAIConfig{APIKey: "sk-old", BaseURL: srv.URL, Model: "gpt-4o-mini"})
	an := provider.NewAnthropic(provider.AnthropicConfig{APIKey: "ant-old", BaseURL: srv.URL, Model: "claude"})
	providers := []llm.Provider{oa, an, provider.Offline{}}
	call := func(p llm.Provider) string {
		_, _ = p.Complete(context.Background(), llm.Request{Model: p.DefaultModel(), MaxTokens: 5,
			Messages: []llm.Message{{Role: "user", Content: "hi"}}})
		return rec.last()
	}
	if call(oa) != "sk-old" || call(an) != "ant-old" {
		t.Fatalf("before: keys %q", rec.keys)
	}
	hook := reloadKeys(providers)
	if err := hook(config.FromMap(map[string]string{"OPENAI_API_KEY": "sk-new", "ANTHROPIC_API_KEY": "ant-new"})); err != nil {
		t.Fatal(err)
	}
	if got := call(oa); got != "sk-new" {
		t.Errorf("openai after reload sent %q, want sk-new", got)
	}
	if got := call(an); got != "ant-new" {
		t.Errorf("anthropic after reload sent %q, want ant-new", got)
	}
	// An emptied key is refused and named; the provider keeps its key.
	err := hook(config.FromMap(map[string]string{"OPENAI_API_KEY": "sk-newer"}))
	if err == nil || !strings.Contains(err.Error(), "ANTHROPIC_API_KEY is now empty") || strings.Contains(err.Error(), "sk-") {
		t.Fatalf("emptied key: %v", err)
	}
	if call(oa) != "sk-newer" || call(an) != "ant-new" {
		t.Errorf("after a partial reload: keys %q", rec.keys[len(rec.keys)-2:])
	}
}
