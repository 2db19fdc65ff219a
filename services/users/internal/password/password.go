// Package password hashes and checks user passwords with argon2id, encoded
// as PHC strings ($argon2id$v=19$m=19456,t=2,p=1$salt$hash) so that the
// parameters can change later without breaking stored hashes.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// Default follows the OWASP recommendation for argon2id (19 MiB, t=2, p=1).
var Default = Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Hasher hashes and verifies passwords with fixed parameters.
//
// At most a fixed number of hashes run at once (the rest wait their turn):
// each argon2id run takes Params.Memory and a core for tens of
// milliseconds, so a flood of logins or password changes would otherwise
// exhaust the process's memory and CPU for everyone.
type Hasher struct {
	p     Params
	dummy string
	slots chan struct{}
	// running and peak count hashes in flight (peak: the most seen).
	running, peak atomic.Int64
	mu            sync.Mutex
	release       *time.Timer // FreeOSMemory once no hash has run for ReleaseAfter
}

// ReleaseAfter is how long after the last hash the process hands
// argon2id's memory back to the system. Each run allocates Params.Memory
// (19 MiB) at once; without this, an idle process keeps the last run's
// blocks until its next garbage collection, which an idle process starts
// only every two minutes, and returns them to the system later still
// (docs/performance.md, P4). One forced collection of this small heap
// costs a few milliseconds, against tens for the hash.
const ReleaseAfter = time.Second

// New returns a Hasher that runs at most GOMAXPROCS hashes at once; its
// dummy hash (for unknown users) uses the same parameters so that a miss
// costs as much as a hit.
func New(p Params) *Hasher { return NewLimited(p, runtime.GOMAXPROCS(0)) }

// NewLimited is New with at most n hashes at once.
func NewLimited(p Params, n int) *Hasher {
	h := &Hasher{p: p, slots: make(chan struct{}, max(1, n))}
	h.dummy, _ = h.Hash("dummy-password-for-timing")
	return h
}

// key runs one argon2id derivation in a slot.
func (h *Hasher) key(pw string, salt []byte, p Params, n uint32) []byte {
	h.slots <- struct{}{}
	defer func() { <-h.slots }()
	for r, p := h.running.Add(1), h.peak.Load(); r > p && !h.peak.CompareAndSwap(p, r); p = h.peak.Load() {
	}
	defer func() {
		if h.running.Add(-1) == 0 {
			h.idle()
		}
	}()
	return argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, n)
}

// idle (re)arms the release of argon2id's memory after ReleaseAfter.
func (h *Hasher) idle() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.release == nil {
		h.release = time.AfterFunc(ReleaseAfter, func() {
			if h.running.Load() == 0 {
				debug.FreeOSMemory()
			}
		})
		return
	}
	h.release.Reset(ReleaseAfter)
}

var b64 = base64.RawStdEncoding

// Hash returns the PHC-encoded argon2id hash of pw.
func (h *Hasher) Hash(pw string) (string, error) {
	salt := make([]byte, h.p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := h.key(pw, salt, h.p, h.p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.p.Memory, h.p.Time, h.p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches the encoded hash, in constant time.
// A malformed hash never matches.
func (h *Hasher) Verify(pw, encoded string) bool {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false
	}
	got := h.key(pw, salt, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// Dummy spends the time of one verification; call it when there is no
// user, so that timing does not reveal whether an email exists.
func (h *Hasher) Dummy(pw string) { _ = h.Verify(pw, h.dummy) }

var errFormat = errors.New("malformed argon2id hash")

func decode(s string) (Params, []byte, []byte, error) {
	parts := strings.Split(s, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Params{}, nil, nil, errFormat
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return Params{}, nil, nil, errFormat
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return Params{}, nil, nil, errFormat
	}
	if p.Memory == 0 || p.Memory > 1<<20 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return Params{}, nil, nil, errFormat
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) == 0 {
		return Params{}, nil, nil, errFormat
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return Params{}, nil, nil, errFormat
	}
	return p, salt, key, nil
}
