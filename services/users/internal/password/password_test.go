package password

import (
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestHashAndVerify(t *testing.T) {
	t.Parallel()
	h := New(Default)
	enc, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not PHC argon2id with the default parameters", enc)
	}
	if strings.Contains(enc, "correct horse") {
		t.Fatal("hash contains the password")
	}
	tests := []struct {
		name string
		pw   string
		enc  string
		want bool
	}{
		{"right password", "correct horse battery", enc, true},
		{"wrong password", "correct horse batterY", enc, false},
		{"empty password", "", enc, false},
		{"garbage hash", "correct horse battery", "not-a-hash", false},
		{"bcrypt-looking hash", "correct horse battery", "$2a$10$abcdefghijklmnopqrstuv", false},
		{"truncated hash", "correct horse battery", enc[:len(enc)-10], false},
		{"absurd memory", "correct horse battery", strings.Replace(enc, "m=19456", "m=99999999", 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := h.Verify(tt.pw, tt.enc); got != tt.want {
				t.Fatalf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSaltedHashesDiffer(t *testing.T) {
	t.Parallel()
	h := New(Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	a, _ := h.Hash("same password")
	b, _ := h.Hash("same password")
	if a == b {
		t.Fatal("two hashes of the same password are equal: salt missing")
	}
	if !h.Verify("same password", a) || !h.Verify("same password", b) {
		t.Fatal("hash does not verify")
	}
	h.Dummy("anything") // must not panic
}

// However many checks arrive at once, at most the limit of hashes run at
// the same time (a login flood cannot take all memory and CPU).
func TestHashConcurrencyCapped(t *testing.T) {
	t.Parallel()
	h := NewLimited(Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 2)
	enc, err := h.Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() { h.Verify("pw", enc) })
	}
	wg.Wait()
	if p := h.peak.Load(); p < 1 || p > 2 {
		t.Fatalf("%d hashes ran at once, want at most 2", p)
	}
}

// TestMemoryHandedBackWhenIdle: once hashes stop, the process returns
// argon2id's 19 MiB to the system within seconds, without waiting for a
// garbage collection that an idle process starts only every two minutes.
func TestMemoryHandedBackWhenIdle(t *testing.T) {
	held := func() uint64 { // heap memory the process holds from the system
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapSys - m.HeapReleased
	}
	h := NewLimited(Default, 1) // its dummy hash runs here
	time.Sleep(ReleaseAfter + time.Second)
	debug.FreeOSMemory()
	base := held()
	if _, err := h.Hash("correct horse battery staple"); err != nil {
		t.Fatal(err)
	}
	if got := held(); got < base+uint64(Default.Memory)*1024/2 {
		t.Fatalf("precondition: the hash took %d KiB of heap, want about %d", (got-base)>>10, Default.Memory)
	}
	limit := base + uint64(Default.Memory)*1024/4
	deadline := time.Now().Add(ReleaseAfter + 5*time.Second)
	for held() > limit && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := held(); got > limit {
		t.Fatalf("%d MiB of heap still held %s after the hash, %d MiB before it", got>>20, ReleaseAfter+5*time.Second, base>>20)
	}
}
