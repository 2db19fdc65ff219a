package service

import (
	"github.com/copydesk/copydesk/pkg/authn"
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
	JWTSecret   string // JWT_SECRET, required, at least authn.MinSecretLen bytes
	JWTIssuer   string // JWT_ISSUER, default copydesk
}

// ReadCommon reads the common settings from r. Problems go into r, so the
// caller reads its own settings next and reports every problem at once with
// r.Err(). The secret's value never appears in a problem.
func ReadCommon(r *config.Reader, defaultAddr, defaultDB string) Common {
	return Common{
		GRPCAddr:    r.String("GRPC_ADDR", defaultAddr),
		MetricsAddr: r.String("METRICS_ADDR", ""),
		LogLevel:    r.String("LOG_LEVEL", "info"),
		MongoURI:    r.Required("MONGO_URI"),
		MongoDB:     r.String("MONGO_DB", defaultDB),
		JWTSecret:   r.Secret("JWT_SECRET", authn.MinSecretLen),
		JWTIssuer:   r.String("JWT_ISSUER", "copydesk"),
	}
}

// Base is c itself: a Config that embeds Common is a Settings.
func (c Common) Base() Common { return c }
