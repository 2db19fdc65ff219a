package main

import (
	"time"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
)

// cfg is the campaigns service's configuration (see README.md).
type cfg struct {
	GRPCAddr    string
	MetricsAddr string
	LogLevel    string
	MongoURI    string
	MongoDB     string
	UsersAddr   string
	TicketsAddr string
	JWTSecret   string
	JWTIssuer   string

	SchedulerEnabled  bool
	SchedulerInterval time.Duration
}

// loadConfig reads every setting and reports every problem at once.
func loadConfig(r *config.Reader) (cfg, error) {
	c := cfg{
		GRPCAddr:    r.String("GRPC_ADDR", "127.0.0.1:9005"),
		MetricsAddr: r.String("METRICS_ADDR", ""),
		LogLevel:    r.String("LOG_LEVEL", "info"),
		MongoURI:    r.Required("MONGO_URI"),
		MongoDB:     r.String("MONGO_DB", "copydesk_campaigns"),
		UsersAddr:   r.String("USERS_ADDR", "127.0.0.1:9002"),
		TicketsAddr: r.String("TICKETS_ADDR", "127.0.0.1:9004"),
		JWTSecret:   r.Secret("JWT_SECRET", authn.MinSecretLen),
		JWTIssuer:   r.String("JWT_ISSUER", "copydesk"),

		SchedulerEnabled:  r.Bool("SCHEDULER_ENABLED", true),
		SchedulerInterval: r.Duration("SCHEDULER_INTERVAL", 15*time.Second),
	}
	r.Check(c.SchedulerInterval >= 100*time.Millisecond && c.SchedulerInterval <= time.Hour,
		"SCHEDULER_INTERVAL must be from 100ms to 1h")
	return c, r.Err()
}
