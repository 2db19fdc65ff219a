package idempotency

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/service"
)

// Settings configure Open (env: MONGO_URI, GATEWAY_MONGO_DB,
// IDEMPOTENCY_TTL, IDEMPOTENCY_WAIT).
type Settings struct {
	MongoURI string
	Database string        // default copydesk_gateway
	TTL      time.Duration // how long answers are kept; default 24h
	Wait     time.Duration // how long a duplicate waits; default 10s
	Lease    time.Duration // a pending record's lease; default 5m
}

// Open connects to the gateway's database, applies its migrations and
// starts the hourly purge of expired keys (until ctx is done). close
// disconnects.
func Open(ctx context.Context, s Settings, log *slog.Logger) (*Keys, func(), error) {
	if s.Database == "" {
		s.Database = "copydesk_gateway"
	}
	client, err := mongox.Connect(ctx, s.MongoURI, 10*time.Second)
	if err != nil {
		return nil, nil, fmt.Errorf("idempotency store: %w", err)
	}
	closeDB := func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = client.Disconnect(dctx)
	}
	db := client.Database(s.Database)
	if err := mongox.Migrate(ctx, db, log, Migrations()); err != nil {
		closeDB()
		return nil, nil, err
	}
	store := NewStore(db, or(s.TTL, 24*time.Hour), or(s.Lease, 5*time.Minute))
	go service.RunEvery(ctx, log, "idempotency keys purge", time.Hour, func(ctx context.Context) error {
		_, err := store.Purge(ctx)
		return err
	})
	return NewKeys(store, log, or(s.Wait, 10*time.Second)), closeDB, nil
}

func or(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
