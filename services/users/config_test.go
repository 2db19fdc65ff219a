package main

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/config"
)

func TestReadSettings(t *testing.T) {
	t.Parallel()
	s, err := readSettings(config.FromMap(map[string]string{"MONGO_URI": "mongodb://x", "JWT_SECRET": strings.Repeat("k", 32)}))
	if err != nil {
		t.Fatal(err)
	}
	if s.GRPCAddr != "127.0.0.1:9002" || s.MongoDB != "copydesk_users" || s.AdminEmail != "admin@copydesk.local" || s.AdminPassword != "" {
		t.Fatalf("defaults: %+v", s)
	}
	_, err = readSettings(config.FromMap(map[string]string{"JWT_SECRET": "s3cr3t"}))
	for _, want := range []string{"MONGO_URI is required", "JWT_SECRET must be at least 32 bytes"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "s3cr3t") {
		t.Error("the secret's value appears in the error")
	}
}
