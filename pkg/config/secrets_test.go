package config_test

import (
	"context"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/fakeaws"
)

func source(t *testing.T, env map[string]string) (*config.Source, error) {
	t.Helper()
	return config.NewSource(context.Background(), func(k string) (string, bool) { v, ok := env[k]; return v, ok })
}

func read(t *testing.T, env map[string]string) (*config.Reader, error) {
	t.Helper()
	s, err := source(t, env)
	if err != nil {
		return nil, err
	}
	return s.Read(context.Background())
}

func TestSecretsOverlayTheEnvironment(t *testing.T) {
	sm := fakeaws.NewSecretsManager(t)
	sm.UseIt(t)
	sm.Put("copydesk/base", `{"JWT_SECRET":"from-the-secret-0123456789abcdef0123","MONGO_URI":"mongodb://a","LLM_MAX_TOKENS":512,"DEBUG":true}`)
	sm.Put("arn:aws:secretsmanager:us-east-1:0:secret:copydesk/llm", `{"MONGO_URI":"mongodb://b"}`)
	env := map[string]string{
		"AWS_SECRETS": "copydesk/base, arn:aws:secretsmanager:us-east-1:0:secret:copydesk/llm",
		"JWT_SECRET":  "from-the-environment-0123456789abcdef", "LOG_LEVEL": "debug",
	}
	r, err := read(t, env)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"JWT_SECRET":     "from-the-secret-0123456789abcdef0123", // the secret wins by default
		"MONGO_URI":      "mongodb://b",                          // the later secret wins
		"LOG_LEVEL":      "debug",                                // only in the environment
		"LLM_MAX_TOKENS": "512", "DEBUG": "true",
	} {
		if got := r.String(k, ""); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	env["CONFIG_PRECEDENCE"] = "env"
	r, err = read(t, env)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.String("JWT_SECRET", ""); got != "from-the-environment-0123456789abcdef" {
		t.Errorf("CONFIG_PRECEDENCE=env: JWT_SECRET = %q, want the environment's", got)
	}
	if got := r.String("MONGO_URI", ""); got != "mongodb://b" {
		t.Errorf("CONFIG_PRECEDENCE=env: MONGO_URI (not in env) = %q, want the secret's", got)
	}
	if sm.Calls() != 4 {
		t.Errorf("%d GetSecretValue calls, want 4 (two secrets, two reads)", sm.Calls())
	}
}

func TestBadSecretsStopStartUpNamingTheSecretNotItsValue(t *testing.T) {
	sm := fakeaws.NewSecretsManager(t)
	sm.UseIt(t)
	sm.Put("text", "hunter2-plain-text")
	sm.Put("array", `["hunter2"]`)
	sm.Put("nested", `{"OPENAI_API_KEY":{"v":"hunter2"}}`)
	sm.Put("badkey", `{"openai key":"hunter2"}`)
	sm.Put("ok", `{"A":"hunter2"}`)
	for id, want := range map[string]string{
		"missing": `secret "missing": not found`,
		"text":    `secret "text": is not a JSON object`,
		"array":   `secret "array": is not a JSON object`,
		"nested":  `secret "nested": the value of OPENAI_API_KEY is not a string`,
		"badkey":  `secret "badkey": key "openai key" is not a setting name`,
	} {
		_, err := read(t, map[string]string{"AWS_SECRETS": "ok," + id})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", id, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: error reveals a value: %v", id, err)
		}
	}
	if _, err := source(t, map[string]string{"CONFIG_PRECEDENCE": "both"}); err == nil || !strings.Contains(err.Error(), "CONFIG_PRECEDENCE") {
		t.Errorf("CONFIG_PRECEDENCE=both: %v", err)
	}
}

func TestSecretsAreReadAgainOnEachRead(t *testing.T) {
	sm := fakeaws.NewSecretsManager(t)
	sm.UseIt(t)
	sm.Put("keys", `{"OPENAI_API_KEY":"sk-old"}`)
	s, err := source(t, map[string]string{"AWS_SECRETS": "keys"})
	if err != nil || !s.Secrets() {
		t.Fatalf("source: %v (secrets %v)", err, s != nil && s.Secrets())
	}
	sm.Put("keys", `{"OPENAI_API_KEY":"sk-new"}`)
	r, err := s.Read(context.Background())
	if err != nil || r.String("OPENAI_API_KEY", "") != "sk-new" {
		t.Fatalf("after rotation: %v, key %q", err, r.String("OPENAI_API_KEY", ""))
	}
}

func TestWithoutSecretsNothingIsCalled(t *testing.T) {
	r, err := read(t, map[string]string{"A": "1"})
	if err != nil || r.String("A", "") != "1" {
		t.Fatalf("%v %q", err, r.String("A", ""))
	}
}
