package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	s, err := LoadConfig(config.FromMap(map[string]string{"MONGO_URI": "mongodb://x"}))
	if err != nil {
		t.Fatal(err)
	}
	if s.GRPCAddr != "127.0.0.1:9007" || s.MongoDB != "copydesk_llm" || s.JWTIssuer != "copydesk" || !slices.Equal(s.providers, []string{llm.Offline}) {
		t.Fatalf("defaults: %+v", s)
	}
	_, err = LoadConfig(config.FromMap(map[string]string{"GRPC_REFLECTION": "s3cr3t", "LLM_PROVIDERS": "openai"}))
	for _, want := range []string{"MONGO_URI is required", "GRPC_REFLECTION must be", "OPENAI_API_KEY is not set"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "s3cr3t") {
		t.Error("the secret's value appears in the error")
	}
}
