package main

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/secretbox"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	c, err := LoadConfig(config.FromMap(map[string]string{"MONGO_URI": "mongodb://x", "SECRETS_KEY": secretbox.NewKey()}))
	if err != nil {
		t.Fatal(err)
	}
	if c.GRPCAddr != "127.0.0.1:9004" || c.MongoDB != "copydesk_tickets" || c.UsersAddr != "127.0.0.1:9002" || c.CampaignsAddr != "127.0.0.1:9005" || c.WebhookAllowLoopback {
		t.Fatalf("defaults: %+v", c)
	}
	_, err = LoadConfig(config.FromMap(map[string]string{"GRPC_REFLECTION": "short", "WEBHOOK_TIMEOUT": "1m", "WEBHOOK_LEASE": "1m"}))
	for _, want := range []string{"MONGO_URI", "GRPC_REFLECTION", "WEBHOOK_LEASE", "SECRETS_KEY is required"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
}
