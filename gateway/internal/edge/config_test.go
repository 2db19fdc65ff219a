package edge_test

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/gateway/internal/edge"
	"github.com/copydesk/copydesk/pkg/config"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	c, err := edge.LoadConfig(config.FromMap(map[string]string{"USERS_ADDR": "users:9002"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr() != "0.0.0.0:8080" || c.MaxBodyBytes != 1<<20 || c.MaxHeaderBytes != 64<<10 ||
		c.ServiceAddrs["auth"] != "127.0.0.1:9001" || c.ServiceAddrs["users"] != "users:9002" {
		t.Errorf("defaults: %+v", c)
	}
	_, err = edge.LoadConfig(config.FromMap(map[string]string{
		"READY_TIMEOUT": "short", "CORS_ORIGINS": "*", "PORT": "x", "MAX_BODY_BYTES": "-1",
	}))
	if err == nil {
		t.Fatal("bad config accepted")
	}
	for _, want := range []string{"READY_TIMEOUT", "CORS_ORIGINS", "PORT", "MAX_BODY_BYTES"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
}
