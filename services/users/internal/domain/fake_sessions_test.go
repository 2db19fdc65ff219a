package domain

import (
	"context"
	"time"
)

// The fake store's session cut-offs and password failures.

func (f *fakeStore) AddCutoff(_ context.Context, userID string, validAfter time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cutoffs = append(f.cutoffs, Cutoff{UserID: userID, ValidAfter: validAfter, RecordedAt: time.Now()})
	return nil
}

func (f *fakeStore) CutoffsSince(_ context.Context, since time.Time, limit int) ([]Cutoff, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Cutoff
	for _, c := range f.cutoffs {
		if !c.RecordedAt.Before(since) && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeStore) PurgeCutoffs(context.Context, time.Time) (int64, error) { return 0, nil }

func (f *fakeStore) AddPasswordFailure(_ context.Context, key string, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pwFails == nil {
		f.pwFails = map[string][]time.Time{}
	}
	f.pwFails[key] = append(f.pwFails[key], at)
	return nil
}

func (f *fakeStore) PasswordFailures(_ context.Context, key string, since time.Time) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, at := range f.pwFails[key] {
		if at.After(since) {
			n++
		}
	}
	return n, nil
}

func (f *fakeStore) ClearPasswordFailures(_ context.Context, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.pwFails, key)
	return nil
}

func (f *fakeStore) PurgePasswordFailures(context.Context, time.Time) (int64, error) { return 0, nil }
