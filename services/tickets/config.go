package main

import (
	"time"

	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/tickets/internal/outbox"
)

// Config is the tickets service's configuration (see README.md).
type Config struct {
	service.Common
	UsersAddr  string
	AgentsAddr string
	// CampaignsAddr is the campaigns service (campaign_id checks).
	CampaignsAddr string

	WebhookWorkers       int
	WebhookPollInterval  time.Duration
	WebhookTimeout       time.Duration
	WebhookLease         time.Duration
	WebhookBackoffBase   time.Duration
	WebhookBackoffMax    time.Duration
	WebhookMaxAttempts   int
	WebhookAllowLoopback bool
	// Secrets seal the webhook signing secrets (SECRETS_KEY, pkg/secretbox).
	Secrets *secretbox.Keyring

	// Files is the file store of attachments (AWS_S3_BUCKET or DATA_DIR).
	Files              blobstore.Config
	AttachmentMaxBytes int
	WebhooksPerCompany int

	// NotificationRetention is how long a notification is kept.
	NotificationRetention time.Duration
}

// LoadConfig reads every setting and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	c := Config{
		Common:        service.ReadCommon(r, "127.0.0.1:9004", "copydesk_tickets"),
		UsersAddr:     r.String("USERS_ADDR", "127.0.0.1:9002"),
		AgentsAddr:    r.String("AGENTS_ADDR", "127.0.0.1:9003"),
		CampaignsAddr: r.String("CAMPAIGNS_ADDR", "127.0.0.1:9005"),

		WebhookWorkers:        r.Int("WEBHOOK_WORKERS", 2, 0, 64),
		WebhookPollInterval:   r.Duration("WEBHOOK_POLL_INTERVAL", time.Second),
		WebhookTimeout:        r.Duration("WEBHOOK_TIMEOUT", 10*time.Second),
		WebhookLease:          r.Duration("WEBHOOK_LEASE", 60*time.Second),
		WebhookBackoffBase:    r.Duration("WEBHOOK_BACKOFF_BASE", 5*time.Second),
		WebhookBackoffMax:     r.Duration("WEBHOOK_BACKOFF_MAX", time.Hour),
		WebhookMaxAttempts:    r.Int("WEBHOOK_MAX_ATTEMPTS", 12, 1, 100),
		WebhookAllowLoopback:  r.Bool("WEBHOOK_ALLOW_LOOPBACK", false),
		Secrets:               secretbox.Read(r),
		WebhooksPerCompany:    r.Int("WEBHOOKS_PER_COMPANY", 10, 1, 1000),
		NotificationRetention: r.Duration("NOTIFICATION_RETENTION", 180*24*time.Hour),
	}
	r.Check(c.NotificationRetention >= 24*time.Hour, "NOTIFICATION_RETENTION must be at least 24h")
	c.Files = blobstore.ReadConfig(r)
	c.AttachmentMaxBytes = r.Int("ATTACHMENT_MAX_BYTES", 10<<20, 1, 100<<20)
	r.Check(c.WebhookLease > 2*c.WebhookTimeout, "WEBHOOK_LEASE must be more than twice WEBHOOK_TIMEOUT")
	r.Check(c.WebhookBackoffBase <= c.WebhookBackoffMax, "WEBHOOK_BACKOFF_BASE must not exceed WEBHOOK_BACKOFF_MAX")
	return c, r.Err()
}

// Outbox is the webhook workers' configuration.
func (c Config) Outbox() outbox.Config {
	return outbox.Config{
		PollInterval: c.WebhookPollInterval, Lease: c.WebhookLease, Timeout: c.WebhookTimeout,
		BackoffBase: c.WebhookBackoffBase, BackoffMax: c.WebhookBackoffMax, MaxAttempts: c.WebhookMaxAttempts,
	}
}
