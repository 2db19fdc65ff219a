package authn

import (
	"context"
	"crypto/ed25519"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Fetch returns auth's current public keys (its GetKeys RPC).
type Fetch func(ctx context.Context) ([]PublicKey, error)

// RemoteKeys is the cached copy of auth's public keys that every process
// but auth verifies with. Run refreshes it in the background; a token whose
// kid is not in the copy makes one refresh at once, so a key auth has just
// started signing with is learnt on its first token. Made-up kids cannot
// flood auth: no such refresh within MissGap of a successful one, one at a
// time, and lookups that waited for a fetch use its result.
type RemoteKeys struct {
	fetch Fetch
	log   *slog.Logger

	// Interval between background refreshes (default 1 minute): a key auth
	// retires stops verifying here within it.
	Interval time.Duration
	// MissGap is the least time between a successful refresh and one
	// caused by an unknown kid (default 5s).
	MissGap time.Duration

	refreshMu   sync.Mutex // one fetch at a time
	mu          sync.RWMutex
	keys        []PublicKey
	lastAttempt time.Time
	lastSuccess time.Time
}

// NewRemoteKeys returns an empty cache filled by fetch.
func NewRemoteKeys(fetch Fetch, log *slog.Logger) *RemoteKeys {
	return &RemoteKeys{fetch: fetch, log: log, Interval: time.Minute, MissGap: 5 * time.Second}
}

// Run refreshes the keys until ctx is done: at once, then every Interval
// (every second until the first success, while auth starts).
func (r *RemoteKeys) Run(ctx context.Context) {
	for {
		wait := r.Interval
		if err := r.Refresh(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			r.log.WarnContext(ctx, "signing keys refresh failed", "error", err.Error())
			if len(r.PublicKeys()) == 0 {
				wait = time.Second
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// Refresh fetches the keys now. On an error the keys held are kept.
func (r *RemoteKeys) Refresh(ctx context.Context) error {
	r.refreshMu.Lock()
	defer r.refreshMu.Unlock()
	return r.refreshLocked(ctx)
}

func (r *RemoteKeys) refreshLocked(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	keys, err := r.fetch(ctx)
	if err == nil && len(keys) == 0 {
		err = errors.New("auth published no key")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lastAttempt = time.Now()
	if err == nil {
		r.keys, r.lastSuccess = keys, r.lastAttempt
	}
	return err
}

// PublicKeys are the keys held now, the signing key first.
func (r *RemoteKeys) PublicKeys() []PublicKey {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.keys
}

// Lookup finds kid, refreshing once when it is unknown, unless the keys
// were fetched within MissGap or a fetch ran while this lookup waited.
func (r *RemoteKeys) Lookup(kid string) (ed25519.PublicKey, bool) {
	if k, ok := find(r.PublicKeys(), kid); ok {
		return k, true
	}
	asked := time.Now()
	r.refreshMu.Lock()
	defer r.refreshMu.Unlock()
	r.mu.RLock()
	skip := time.Since(r.lastSuccess) < r.MissGap || r.lastAttempt.After(asked)
	r.mu.RUnlock()
	if !skip {
		if err := r.refreshLocked(context.Background()); err != nil {
			r.log.Warn("signing keys refresh failed", "error", err.Error())
		}
	}
	return find(r.PublicKeys(), kid)
}

func find(keys []PublicKey, kid string) (ed25519.PublicKey, bool) {
	for _, k := range keys {
		if k.ID == kid {
			return k.Key, true
		}
	}
	return nil, false
}
