package domain

import (
	"context"
	"time"
)

// syncBatch is how many changed chunks one store read returns.
const syncBatch = 1000

// IndexSync keeps this replica's index in step with the store, which every
// replica writes: Load reads every chunk once at start, Run then polls the
// chunks changed since (by updated_at, id), re-reading a Lookback window
// each time so that a write whose updated_at was stamped before a slower
// commit (or on a replica whose clock is a little behind) is still seen.
// Applying a change twice is harmless; seen keeps it cheap.
type IndexSync struct {
	svc      *Service
	Interval time.Duration
	Lookback time.Duration
	cursor   Cursor
	seen     map[string]version
}

// version is what a poll compares to skip a change it already applied:
// the chunk's updated_at and the state that decides whether it is indexed
// (two writes may carry one updated_at, e.g. within a millisecond).
type version struct {
	at              time.Time
	active, deleted bool
	model           string
}

func versionOf(c Chunk) version {
	return version{at: c.UpdatedAt, active: c.Active, deleted: c.Deleted, model: c.EmbeddingModel}
}

func (v version) same(w version) bool {
	return v.at.Equal(w.at) && v.active == w.active && v.deleted == w.deleted && v.model == w.model
}

// NewIndexSync returns the sync of s's index.
func (s *Service) NewIndexSync(interval, lookback time.Duration) *IndexSync {
	return &IndexSync{svc: s, Interval: interval, Lookback: lookback, seen: map[string]version{}}
}

// Load reads every chunk into the index; call it before serving.
func (x *IndexSync) Load(ctx context.Context) error {
	start := x.svc.now()
	n, err := x.drain(ctx, Cursor{}, false)
	if err != nil {
		return err
	}
	x.svc.log.InfoContext(ctx, "search index loaded", "chunks", n,
		"ms", x.svc.now().Sub(start).Milliseconds())
	return nil
}

// Run polls for changes (PollOnce) every Interval until ctx is done.
func (x *IndexSync) Run(ctx context.Context) {
	t := time.NewTicker(x.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := x.PollOnce(ctx); err != nil && ctx.Err() == nil {
			x.svc.log.WarnContext(ctx, "search index poll failed", "error", err.Error())
		}
	}
}

// PollOnce applies the changes since the last poll, re-reading the
// Lookback window; Run calls it every Interval. Load, Run and PollOnce
// must not run concurrently on one IndexSync.
func (x *IndexSync) PollOnce(ctx context.Context) error {
	from := Cursor{At: x.cursor.At.Add(-x.Lookback)}
	_, err := x.drain(ctx, from, true)
	x.forget(from.At)
	return err
}

// drain applies every change after from, batch by batch.
func (x *IndexSync) drain(ctx context.Context, from Cursor, skipSeen bool) (int, error) {
	n := 0
	for {
		batch, applied, err := x.apply(ctx, from, skipSeen)
		if err != nil {
			return n, err
		}
		n += applied
		if len(batch) > 0 {
			last := batch[len(batch)-1]
			from = Cursor{At: last.UpdatedAt, ID: last.ID}
			if from.At.After(x.cursor.At) {
				x.cursor = from
			}
		}
		if len(batch) < syncBatch {
			return n, nil
		}
	}
}

// staleRereads bounds how often one batch is read again because this
// replica wrote its index meanwhile; the last read is applied anyway (a
// stale state it brings is corrected by the next poll, whose window
// holds the newer write).
const staleRereads = 5

// apply reads the batch of changes after from and applies it to the
// index, reading it again while this replica's own index writes came
// between the read and the apply (indexGate). It returns the batch read
// and how many of its chunks were applied.
func (x *IndexSync) apply(ctx context.Context, from Cursor, skipSeen bool) ([]Chunk, int, error) {
	g := &x.svc.gate
	for try := 0; ; try++ {
		mark := g.writes.Load()
		batch, err := x.svc.chunks.Changes(ctx, Scope{AllCompanies: true}, from, syncBatch)
		if err != nil {
			return nil, 0, err
		}
		g.mu.Lock()
		if g.writes.Load() != mark && try < staleRereads {
			g.mu.Unlock()
			continue
		}
		changed := make([]Chunk, 0, len(batch))
		for _, c := range batch {
			v := versionOf(c)
			if prev, ok := x.seen[c.ID]; skipSeen && ok && prev.same(v) {
				continue
			}
			changed = append(changed, c)
			x.seen[c.ID] = v
		}
		x.svc.applyChunks(ctx, changed) // one index write per batch
		g.mu.Unlock()
		return batch, len(changed), nil
	}
}

// forget drops the seen marks older than the next poll's window.
func (x *IndexSync) forget(before time.Time) {
	for id, v := range x.seen {
		if v.at.Before(before) {
			delete(x.seen, id)
		}
	}
}
