package main

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/config"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	c, err := LoadConfig(config.FromMap(map[string]string{"MONGO_URI": "mongodb://x"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.GRPCAddr != "127.0.0.1:9002" || c.MongoDB != "copydesk_users" || c.AdminEmail != "admin@copydesk.local" || c.AdminPassword != "" {
		t.Fatalf("defaults: %+v", c)
	}
	_, err = LoadConfig(config.FromMap(map[string]string{"GRPC_REFLECTION": "s3cr3t"}))
	for _, want := range []string{"MONGO_URI is required", "GRPC_REFLECTION must be"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "s3cr3t") {
		t.Error("the secret's value appears in the error")
	}
}
