package main

import (
	"time"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/service"
)

// Config is the campaigns service's configuration (see README.md).
type Config struct {
	service.Common
	UsersAddr   string
	TicketsAddr string
	AgentsAddr  string

	SchedulerEnabled  bool
	SchedulerInterval time.Duration
	// PlanTimeout bounds a plan proposal (the agents service's two llm
	// calls at most).
	PlanTimeout time.Duration
}

// LoadConfig reads every setting and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	c := Config{
		Common:      service.ReadCommon(r, "127.0.0.1:9005", "copydesk_campaigns"),
		UsersAddr:   r.String("USERS_ADDR", "127.0.0.1:9002"),
		TicketsAddr: r.String("TICKETS_ADDR", "127.0.0.1:9004"),
		AgentsAddr:  r.String("AGENTS_ADDR", "127.0.0.1:9003"),

		SchedulerEnabled:  r.Bool("SCHEDULER_ENABLED", true),
		SchedulerInterval: r.Duration("SCHEDULER_INTERVAL", 15*time.Second),
		PlanTimeout:       r.Duration("CAMPAIGNS_PLAN_TIMEOUT", 420*time.Second),
	}
	r.Check(c.PlanTimeout >= time.Second, "CAMPAIGNS_PLAN_TIMEOUT must be at least 1s")
	r.Check(c.SchedulerInterval >= 100*time.Millisecond && c.SchedulerInterval <= time.Hour,
		"SCHEDULER_INTERVAL must be from 100ms to 1h")
	return c, r.Err()
}
