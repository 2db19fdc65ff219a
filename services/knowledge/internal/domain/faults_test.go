package domain_test

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/store"
)

// errCrash stands for a process dying between two writes of an ingest.
var errCrash = errors.New("the process died here")

// faultyChunks is the real chunk store with a hook before Activate, a
// one-shot hook after a Changes read (before its answer is returned), and
// one-shot failures of Activate and RetireOthers (the write does not
// happen), to stop an ingest between its steps.
type faultyChunks struct {
	*store.Chunks
	mu             sync.Mutex
	beforeActivate func()
	afterChanges   func()
	failActivate   bool
	failRetire     bool
}

func (f *faultyChunks) Changes(ctx context.Context, sc domain.Scope, after domain.Cursor, limit int) ([]domain.Chunk, error) {
	batch, err := f.Chunks.Changes(ctx, sc, after, limit)
	f.mu.Lock()
	hook := f.afterChanges
	f.afterChanges = nil
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	return batch, err
}

func (f *faultyChunks) Activate(ctx context.Context, company, sourceID, generation string, now time.Time) error {
	f.mu.Lock()
	hook, fail := f.beforeActivate, f.failActivate
	f.failActivate = false
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	if fail {
		return errCrash
	}
	return f.Chunks.Activate(ctx, company, sourceID, generation, now)
}

func (f *faultyChunks) RetireOthers(ctx context.Context, company, sourceID, keep string, now time.Time) error {
	f.mu.Lock()
	fail := f.failRetire
	f.failRetire = false
	f.mu.Unlock()
	if fail {
		return errCrash
	}
	return f.Chunks.RetireOthers(ctx, company, sourceID, keep, now)
}

// set changes the knobs under the lock.
func (f *faultyChunks) set(fn func(*faultyChunks)) { f.mu.Lock(); defer f.mu.Unlock(); fn(f) }

// watchedLeases is the real lease store that signals each refused Acquire.
type watchedLeases struct {
	domain.Leases
	refused chan struct{}
}

func (l *watchedLeases) Acquire(ctx context.Context, key, owner string, ttl time.Duration) (bool, error) {
	ok, err := l.Leases.Acquire(ctx, key, owner, ttl)
	if err == nil && !ok {
		select {
		case l.refused <- struct{}{}:
		default:
		}
	}
	return ok, err
}
