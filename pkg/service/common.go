package service

import (
	"github.com/copydesk/copydesk/pkg/config"
)

// Common is the settings every service reads (see the shared runtime
// contract). Embed it in a service's own configuration.
type Common struct {
	GRPCAddr    string // GRPC_ADDR, the service's own default
	MetricsAddr string // METRICS_ADDR, optional
	LogLevel    string // LOG_LEVEL, default info
	MongoURI    string // MONGO_URI, required
	MongoDB     string // MONGO_DB, the service's own default
	JWTIssuer   string // JWT_ISSUER, default copydesk
	AuthAddr    string // AUTH_ADDR, where the public keys of access tokens come from
	TLSDir      string // TLS_DIR, mutual TLS material (pkg/mtls); empty: plaintext
	Reflection  bool   // GRPC_REFLECTION, default false
	HealthAddr  string // HEALTH_ADDR, optional plaintext grpc.health.v1 for probes
}

// ReadCommon reads the common settings from r. Problems go into r, so the
// caller reads its own settings next and reports every problem at once with
// r.Err().
func ReadCommon(r *config.Reader, defaultAddr, defaultDB string) Common {
	return Common{
		GRPCAddr:    r.String("GRPC_ADDR", defaultAddr),
		MetricsAddr: r.String("METRICS_ADDR", ""),
		LogLevel:    r.String("LOG_LEVEL", "info"),
		MongoURI:    r.Required("MONGO_URI"),
		MongoDB:     r.String("MONGO_DB", defaultDB),
		JWTIssuer:   r.String("JWT_ISSUER", "copydesk"),
		AuthAddr:    r.String("AUTH_ADDR", "127.0.0.1:9001"),
		TLSDir:      r.String("TLS_DIR", ""),
		Reflection:  r.Bool("GRPC_REFLECTION", false),
		HealthAddr:  r.String("HEALTH_ADDR", ""),
	}
}

// Base is c itself: a Config that embeds Common is a Settings.
func (c Common) Base() Common { return c }
