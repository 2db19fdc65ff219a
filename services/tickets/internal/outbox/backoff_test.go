package outbox_test

import (
	"testing"
	"time"

	"github.com/copydesk/copydesk/services/tickets/internal/outbox"
)

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	t.Parallel()
	base, maxD := time.Second, time.Minute
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 10: time.Minute, 50: time.Minute} {
		for range 20 {
			d := outbox.Backoff(attempt, base, maxD)
			if d < want/2 || d > want {
				t.Fatalf("attempt %d: %v, want in [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
}

func TestSignature(t *testing.T) {
	t.Parallel()
	// HMAC-SHA256("key", "1700000000.{}") computed with openssl dgst -hmac.
	const want = "sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae"
	got := outbox.Sign("key", 1700000000, []byte("{}"))
	if got != want {
		t.Fatalf("signature %q, want %q", got, want)
	}
	if !outbox.Verify("key", 1700000000, []byte("{}"), got) || outbox.Verify("key", 1700000001, []byte("{}"), got) ||
		outbox.Verify("key", 1700000000, []byte("{ }"), got) {
		t.Fatal("signature does not bind timestamp and body")
	}
}
