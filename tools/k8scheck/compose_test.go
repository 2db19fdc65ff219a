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
