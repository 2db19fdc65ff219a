package store

import (
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestThrottleWindow(t *testing.T) {
	t.Parallel()
	s := NewLoginThrottle(migratedDB(t))
	ctx := t.Context()
	const window = 10 * time.Minute
	fail := func(now time.Time) int {
		t.Helper()
		th, err := s.AddFailure(ctx, "alice@example.com", now, now.Add(-window))
		if err != nil {
			t.Fatalf("add failure: %v", err)
		}
		return th.Failures
	}
	if got, _ := s.Get(ctx, "alice@example.com"); got.Failures != 0 || !got.LockedUntil.IsZero() {
		t.Fatalf("fresh record = %+v", got)
	}
	for i := 1; i <= 3; i++ {
		if got := fail(t0.Add(time.Duration(i) * time.Minute)); got != i {
			t.Fatalf("failure %d counted as %d", i, got)
		}
	}
	if err := s.Lock(ctx, "alice@example.com", t0.Add(20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(ctx, "alice@example.com", t0.Add(15*time.Minute)); err != nil { // never shortens
		t.Fatal(err)
	}
	got, err := s.Get(ctx, "alice@example.com")
	if err != nil || !got.LockedUntil.Equal(t0.Add(20*time.Minute)) {
		t.Fatalf("locked record = %+v, %v", got, err)
	}
	// The window slides: at +12m the failures of +1m and +2m are out of it.
	if got := fail(t0.Add(window + 2*time.Minute + time.Second)); got != 2 {
		t.Fatalf("failure at +12m counted as %d, want 2 (+3m and itself)", got)
	}
	if err := s.Reset(ctx, "alice@example.com"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, "alice@example.com"); !got.LockedUntil.IsZero() {
		t.Fatalf("after reset: %+v", got)
	}
	if got := fail(t0.Add(13 * time.Minute)); got != 1 {
		t.Fatalf("first failure after reset counted as %d", got)
	}
	// Purge drops failures and ended locks older than the floor.
	if err := s.Lock(ctx, "bob", t0); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Purge(ctx, t0.Add(14*time.Minute)); err != nil || n != 2 {
		t.Fatalf("purge = %d, %v; want alice's failure and bob's ended lock", n, err)
	}
}

// Failures are inserts, so concurrent failures are all counted on MongoDB
// and FerretDB alike, and the last of them sees the full count.
func TestThrottleConcurrentFailuresAllCounted(t *testing.T) {
	t.Parallel()
	s := NewLoginThrottle(migratedDB(t))
	const n = 8
	counts := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			th, err := s.AddFailure(t.Context(), "bob", t0, t0.Add(-time.Minute))
			if err != nil {
				t.Errorf("add failure: %v", err)
			}
			counts <- th.Failures
		})
	}
	wg.Wait()
	close(counts)
	highest := 0
	for c := range counts {
		highest = max(highest, c)
	}
	if highest != n {
		t.Fatalf("%d concurrent failures: the highest count seen is %d", n, highest)
	}
}
