package password

import (
	"strings"
	"sync"
	"testing"
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
