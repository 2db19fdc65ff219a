package main

import (
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/config"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		wantErr []string
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults", env: map[string]string{"MONGO_URI": "mongodb://x"}, check: func(t *testing.T, c Config) {
			if c.GRPCAddr != "127.0.0.1:9005" || c.TicketsAddr != "127.0.0.1:9004" || c.UsersAddr != "127.0.0.1:9002" ||
				c.MongoDB != "copydesk_campaigns" || c.SchedulerInterval != 15*time.Second || !c.SchedulerEnabled {
				t.Fatalf("defaults: %+v", c)
			}
		}},
		{name: "interval", env: map[string]string{"MONGO_URI": "mongodb://x", "SCHEDULER_INTERVAL": "250ms"}, check: func(t *testing.T, c Config) {
			if c.SchedulerInterval != 250*time.Millisecond {
				t.Fatalf("interval: %s", c.SchedulerInterval)
			}
		}},
		{name: "every problem at once", env: map[string]string{"GRPC_REFLECTION": "short", "SCHEDULER_INTERVAL": "1ms"},
			wantErr: []string{"MONGO_URI", "GRPC_REFLECTION", "SCHEDULER_INTERVAL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := LoadConfig(config.FromMap(tt.env))
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, c)
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
		})
	}
}
