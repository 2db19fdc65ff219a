package service

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// Every ticks at once and then every interval, logs a failed tick and
// keeps going, and returns when its context is done.
func TestEvery(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		ctx, cancel := context.WithCancel(t.Context())
		env := &Env{Log: slog.New(slog.NewJSONHandler(&logs, nil))}
		var ticks []time.Duration
		start := time.Now()
		env.Every("purge", time.Minute, func(context.Context) error {
			ticks = append(ticks, time.Since(start))
			if len(ticks) == 2 {
				return errors.New("database away")
			}
			return nil
		})
		done := make(chan struct{})
		go func() { env.jobs[0](ctx); close(done) }()
		time.Sleep(150 * time.Second) // fake time: ticks at 0, 1m and 2m
		cancel()
		<-done
		if len(ticks) != 3 || ticks[0] != 0 || ticks[1] != time.Minute || ticks[2] != 2*time.Minute {
			t.Fatalf("ticks at %v, want 0s, 1m, 2m", ticks)
		}
		if n := strings.Count(logs.String(), `"msg":"purge failed"`); n != 1 || !strings.Contains(logs.String(), "database away") {
			t.Fatalf("logs = %s, want the one failed tick", logs.String())
		}
	})
}
