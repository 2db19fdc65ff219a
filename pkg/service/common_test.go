package service

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/config"
)

func TestReadCommon(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		want    Common
		wantErr []string // every problem, reported at once
	}{
		{name: "defaults", env: map[string]string{"MONGO_URI": "mongodb://db"},
			want: Common{GRPCAddr: "127.0.0.1:9009", LogLevel: "info", MongoURI: "mongodb://db", MongoDB: "copydesk_x",
				JWTIssuer: "copydesk", AuthAddr: "127.0.0.1:9001"}},
		{name: "every setting", env: map[string]string{
			"GRPC_ADDR": "0.0.0.0:9100", "METRICS_ADDR": ":9101", "LOG_LEVEL": "debug", "MONGO_URI": "mongodb://other",
			"MONGO_DB": "mine", "JWT_ISSUER": "issuer", "AUTH_ADDR": "auth:9001", "TLS_DIR": "/tls", "GRPC_REFLECTION": "true", "HEALTH_ADDR": ":9102",
		}, want: Common{GRPCAddr: "0.0.0.0:9100", MetricsAddr: ":9101", LogLevel: "debug", MongoURI: "mongodb://other",
			MongoDB: "mine", JWTIssuer: "issuer", AuthAddr: "auth:9001", TLSDir: "/tls", Reflection: true, HealthAddr: ":9102"}},
		{name: "nothing set", env: map[string]string{},
			wantErr: []string{"MONGO_URI is required"}},
		{name: "bad flag", env: map[string]string{"GRPC_REFLECTION": "s3cr3t"},
			wantErr: []string{"MONGO_URI is required", "GRPC_REFLECTION"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := config.FromMap(tt.env)
			c := ReadCommon(r, "127.0.0.1:9009", "copydesk_x")
			r.Check(false, "SERVICE_SETTING is wrong") // the caller's own problems join the common ones
			err := r.Err()
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range append(tt.wantErr, "SERVICE_SETTING is wrong") {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("the secret's value appears in the error: %q", err)
			}
			if len(tt.wantErr) == 0 && c != tt.want {
				t.Errorf("settings = %+v, want %+v", c, tt.want)
			}
		})
	}
}
