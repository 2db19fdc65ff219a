// Package ferret runs an embedded FerretDB (SQLite storage) inside the
// current process, for the local stack and the tests. One data directory
// belongs to one FerretDB: Start takes an exclusive lock on it.
package ferret

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Start runs FerretDB with its SQLite files in dir (created if missing) and
// listening on addr ("127.0.0.1:0" when empty). It returns the MongoDB URI
// and a stop function that shuts FerretDB down and releases the directory.
func Start(ctx context.Context, dir, addr string) (uri string, stop func() error, err error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return "", nil, fmt.Errorf("ferret: data dir: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, fmt.Errorf("ferret: create data dir: %w", err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return "", nil, err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + strings.TrimSuffix(dir, "/") + "/",
	})
	if err != nil {
		unlock()
		return "", nil, fmt.Errorf("ferret: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(runCtx) // always nil; returns once listeners and backend are closed
	}()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		<-done
		unlock()
		return nil
	}
	return f.MongoDBURI(), stop, nil
}

// lockDir takes an exclusive, non-blocking flock on dir/.lock so two
// FerretDB processes never share one SQLite directory.
func lockDir(dir string) (func(), error) {
	path := filepath.Join(dir, ".lock")
	fh, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("ferret: lock file: %w", err)
	}
	if err := syscall.Flock(int(fh.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = fh.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("ferret: data dir %s is in use by another process", dir)
		}
		return nil, fmt.Errorf("ferret: lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(fh.Fd()), syscall.LOCK_UN)
		_ = fh.Close()
	}, nil
}
