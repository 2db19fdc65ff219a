package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestComposeNeedsEveryServiceHealthChecked(t *testing.T) {
	file := filepath.Join(t.TempDir(), "docker-compose.yml")
	doc := `
services:
  users:
    build: { dockerfile: deploy/Dockerfile, args: { TARGET: services/users } }
    read_only: true
    healthcheck: { test: ["CMD", "/bin/grpc_health_probe", "-addr=127.0.0.1:9002"] }
  tickets:
    build: { dockerfile: deploy/Dockerfile, args: { TARGET: services/tickets } }
    healthcheck: { test: ["CMD", "/app", "-healthcheck"] }
  gateway:
    build: { dockerfile: deploy/Dockerfile, args: { TARGET: gateway } }
    read_only: true
    healthcheck: { test: ["CMD", "/app", "-healthcheck"] }
`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	got := checkCompose(file, []string{"users", "tickets", "agents"})
	want := []string{
		"compose: no service agents",
		"compose: tickets: healthcheck does not use grpc_health_probe",
		"compose: tickets: root filesystem is not read-only",
	}
	slices.Sort(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Required secrets refuse to start without a value, optional ones pass the
// host's through; the check sees through anchors and merge keys, as the
// real file uses them.
func TestComposeSecretsHaveNoValueInTheFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "docker-compose.yml")
	doc := `
x-files-env: &files-env
  FILES_LINK_SECRET: ${FILES_LINK_SECRET:-not-a-secret}
x-secrets-env: &secrets-env
  SECRETS_KEY: ${SECRETS_KEY:?set SECRETS_KEY}
services:
  auth:
    environment:
      JWT_SIGNING_KEYS: c2VjcmV0
      GRPC_REFLECTION: "true"
  tickets:
    environment:
      <<: [*files-env, *secrets-env]
      AWS_ACCESS_KEY_ID: ${AWS_ACCESS_KEY_ID:-}
  llm:
    environment:
      OPENAI_API_KEY: sk-in-the-file
      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY:-}
`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range checkCompose(file, nil) {
		if !strings.Contains(p, "no service") && !strings.Contains(p, "gateway") {
			got = append(got, p)
		}
	}
	want := []string{
		"compose: auth: JWT_SIGNING_KEYS must be ${JWT_SIGNING_KEYS:?…} (required, no default)",
		"compose: auth: sets GRPC_REFLECTION (reflection stays off outside make run)",
		"compose: llm: OPENAI_API_KEY must be ${OPENAI_API_KEY:-} or ${OPENAI_API_KEY:?…} (no value in the file)",
		"compose: tickets: FILES_LINK_SECRET must be ${FILES_LINK_SECRET:?…} (required, no default)",
	}
	slices.Sort(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
