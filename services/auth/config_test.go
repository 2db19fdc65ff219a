package main

import (
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	secret := authn.NewSigningKey()
	tests := []struct {
		name    string
		env     map[string]string
		wantErr []string // every problem, reported at once
	}{
		{name: "defaults", env: map[string]string{"MONGO_URI": "mongodb://db", "JWT_SIGNING_KEYS": secret}},
		{name: "everything wrong", env: map[string]string{
			"JWT_SIGNING_KEYS": "s3cr3", "LOGIN_MAX_FAILURES": "0", "LOGIN_LOCKOUT": "soon", "ACCESS_TOKEN_TTL": "-1m",
		}, wantErr: []string{
			"MONGO_URI is required", "JWT_SIGNING_KEYS: key 1: not base64",
			"LOGIN_MAX_FAILURES must be an integer", "LOGIN_LOCKOUT must be a positive duration", "ACCESS_TOKEN_TTL must be a positive duration",
		}},
		{name: "missing secret", env: map[string]string{"MONGO_URI": "mongodb://db"}, wantErr: []string{"JWT_SIGNING_KEYS is required"}},
		{name: "access outlives refresh", env: map[string]string{
			"MONGO_URI": "mongodb://db", "JWT_SIGNING_KEYS": secret, "ACCESS_TOKEN_TTL": "2h", "REFRESH_TOKEN_TTL": "1h",
		}, wantErr: []string{"ACCESS_TOKEN_TTL must be shorter than REFRESH_TOKEN_TTL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := LoadConfig(config.FromMap(tt.env))
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("LoadConfig: %v", err)
				}
				if c.GRPCAddr != "127.0.0.1:9001" || c.MongoDB != "copydesk_auth" || c.UsersAddr != "127.0.0.1:9002" ||
					c.AccessTTL != 15*time.Minute || c.RefreshTTL != 720*time.Hour || c.MaxFailures != 5 || c.Lockout != 15*time.Minute || len(c.SigningKeys) != 1 {
					t.Fatalf("defaults = %+v", c)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if strings.Contains(err.Error(), "s3cr3") {
				t.Error("the secret's value appears in the error")
			}
		})
	}
}
