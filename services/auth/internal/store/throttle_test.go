package store

import (
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
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
	if err != nil || !got.LockedUntil.Equal(t0.Add(20*time.Minute)) || !got.WindowStart.Equal(t0.Add(time.Minute)) {
		t.Fatalf("locked record = %+v, %v", got, err)
	}
	// A failure after the window restarts the count.
	if got := fail(t0.Add(window + 2*time.Minute)); got != 1 {
		t.Fatalf("failure in a new window counted as %d", got)
	}
	if err := s.Reset(ctx, "alice@example.com"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, "alice@example.com"); got.Failures != 0 {
		t.Fatalf("after reset: %+v", got)
	}
	// Purge drops records whose window is old.
	fail(t0)
	if n, err := s.Purge(ctx, t0.Add(time.Second)); err != nil || n != 1 {
		t.Fatalf("purge = %d, %v", n, err)
	}
}

// On MongoDB, $inc in findOneAndUpdate is atomic and no concurrent failure
// is lost. FerretDB 1.24 runs findAndModify as read-then-write, so there
// concurrent failures can be undercounted (a burst of P parallel guesses
// may get up to P-1 extra tries); the test runs on MongoDB only.
func TestThrottleConcurrentFailuresAllCounted(t *testing.T) {
	t.Parallel()
	db := migratedDB(t)
	var info bson.M
	if err := db.RunCommand(t.Context(), bson.M{"buildInfo": 1}).Decode(&info); err != nil {
		t.Fatal(err)
	}
	if _, ferret := info["ferretdbVersion"]; ferret {
		t.Skip("FerretDB 1.24 findAndModify is not atomic; run with a MongoDB COPYDESK_TEST_MONGO_URI")
	}
	s := NewLoginThrottle(db)
	const n = 8
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := s.AddFailure(t.Context(), "bob", t0, t0.Add(-time.Minute)); err != nil {
				t.Errorf("add failure: %v", err)
			}
		})
	}
	wg.Wait()
	if got, _ := s.Get(t.Context(), "bob"); got.Failures != n {
		t.Fatalf("%d concurrent failures counted as %d", n, got.Failures)
	}
}
