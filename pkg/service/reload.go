package service

import (
	"context"
	"os"

	"github.com/copydesk/copydesk/pkg/config"
)

// OnReload registers hook to run with the settings read again on SIGHUP
// (see Process.Hangup), for the values a service can change while it runs
// (the llm service's provider API keys). A hook reads what it needs from
// the Reader and checks it; an error keeps its old values and is logged.
// Everything else (addresses, the database, the signing keys, which follow
// the key-rotation procedure) takes a restart.
func (e *Env) OnReload(hook func(*config.Reader) error) {
	e.reloads = append(e.reloads, hook)
}

// reloadOn runs the hooks with fresh settings on each hangup until ctx is
// done. A failed read (a secret gone, not JSON) keeps every current value.
func (e *Env) reloadOn(ctx context.Context, hangup <-chan os.Signal, reload func(context.Context) (*config.Reader, error)) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hangup:
		}
		r, err := reload(ctx)
		if err != nil {
			e.Log.ErrorContext(ctx, "settings not reloaded; the current ones stay", "error", err.Error())
			continue
		}
		failed := 0
		for _, hook := range e.reloads {
			if err := hook(r); err != nil {
				failed++
				e.Log.ErrorContext(ctx, "a setting was not reloaded; its current value stays", "error", err.Error())
			}
		}
		e.Log.InfoContext(ctx, "settings reloaded", "hooks", len(e.reloads), "failed", failed)
	}
}
