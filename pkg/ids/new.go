package ids

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"sync/atomic"
	"time"
)

// process and counter make New's ids unique per process and ordered
// within it, the way MongoDB's ObjectIDs are.
var (
	process [5]byte
	counter atomic.Uint32
)

func init() {
	_, _ = rand.Read(process[:])
	var b [4]byte
	_, _ = rand.Read(b[:])
	counter.Store(binary.BigEndian.Uint32(b[:]))
}

// New is a fresh id in the shape of an ObjectID (24 hex characters): the
// unix seconds of at, a per-process random part and a counter, so ids made
// one after the other in a process sort in that order. Domain code names
// records before they are stored with it (an event and the history entry
// it becomes share the id).
func New(at time.Time) string {
	var b [12]byte
	binary.BigEndian.PutUint32(b[0:4], uint32(at.Unix()))
	copy(b[4:9], process[:])
	c := counter.Add(1)
	b[9], b[10], b[11] = byte(c>>16), byte(c>>8), byte(c)
	return hex.EncodeToString(b[:])
}

// Derive is the id of the record that `key` makes of the record `base` (a
// New id): the same base and key always give the same id, and it keeps
// base's time, so a retried write of the record finds it stored already.
// E.g. the notification of event e for user u is Derive(e, "notify:"+u).
func Derive(base, key string) string {
	var b [12]byte
	if raw, err := hex.DecodeString(base); err == nil && len(raw) == 12 {
		copy(b[0:4], raw[0:4])
	}
	sum := sha256.Sum256([]byte(base + "|" + key))
	copy(b[4:], sum[:8])
	return hex.EncodeToString(b[:])
}
