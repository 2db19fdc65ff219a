package edge

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
	"github.com/copydesk/copydesk/pkg/config"
)

// Limits are the edge's rate limits: a token bucket per principal (user
// id) on authenticated routes and per client address on the routes that
// take no token (login, refresh) and for requests whose token fails. A
// rate of 0 turns a limit off. Buckets are golang.org/x/time/rate
// limiters, kept per key while in use and dropped after idling.
type Limits struct {
	UserRPS   int // requests per second per user
	UserBurst int
	AddrRPS   int // requests per second per client address, unauthenticated
	AddrBurst int
	// TrustedProxies are the peers whose X-Forwarded-For is believed
	// (clientAddr); none by default: the TCP peer is the client.
	TrustedProxies []netip.Prefix
	// StreamIdle cuts a streaming response whose client has not taken a
	// write for this long (a reader that stopped reading).
	StreamIdle time.Duration
}

func readLimits(r *config.Reader) Limits {
	l := Limits{
		UserRPS: r.Int("RATE_LIMIT_USER_RPS", 20, 0, 1_000_000), UserBurst: r.Int("RATE_LIMIT_USER_BURST", 100, 1, 1_000_000),
		AddrRPS: r.Int("RATE_LIMIT_ADDR_RPS", 5, 0, 1_000_000), AddrBurst: r.Int("RATE_LIMIT_ADDR_BURST", 20, 1, 1_000_000),
		StreamIdle: r.Duration("STREAM_IDLE_TIMEOUT", 30*time.Second),
	}
	for _, s := range r.List("TRUSTED_PROXIES", nil) {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			r.Check(aerr == nil, "TRUSTED_PROXIES: %q is not an address or CIDR", s)
			p = netip.PrefixFrom(a, a.BitLen())
		}
		l.TrustedProxies = append(l.TrustedProxies, p.Masked())
	}
	r.Check(l.StreamIdle > 0, "STREAM_IDLE_TIMEOUT must be positive")
	return l
}

// buckets is one token bucket per key.
type buckets struct {
	rps   rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*bucket
	swept time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newBuckets(rps, burst int) *buckets {
	if rps <= 0 {
		return nil
	}
	return &buckets{rps: rate.Limit(rps), burst: burst, m: map[string]*bucket{}}
}

// take spends one token of key's bucket; when none is left it answers how
// long until one is.
func (b *buckets) take(key string, now time.Time) (ok bool, wait time.Duration) {
	if b == nil {
		return true, 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if now.Sub(b.swept) > time.Minute { // a full bucket is as good as none
		for k, v := range b.m {
			if now.Sub(v.seen) > time.Minute {
				delete(b.m, k)
			}
		}
		b.swept = now
	}
	e, found := b.m[key]
	if !found {
		e = &bucket{lim: rate.NewLimiter(b.rps, b.burst)}
		b.m[key] = e
	}
	e.seen = now
	res := e.lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// allow takes a token of key's bucket or answers 429.
func allow(w http.ResponseWriter, b *buckets, key string) bool {
	ok, wait := b.take(key, time.Now())
	if !ok {
		tooMany(w, wait)
	}
	return ok
}

// tooMany answers 429 with Retry-After in whole seconds (at least 1).
func tooMany(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	errorsx.WriteDetail(w, http.StatusTooManyRequests, "Too many requests; retry later")
}

// clientAddr is the client's IP address: the TCP peer, unless the peer is
// a trusted proxy, in which case X-Forwarded-For is read from the right
// and the first address that is not a trusted proxy is the client (the
// entries left of it were written by the client and are not believed).
func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	peer = peer.Unmap()
	if !isTrusted(peer, trusted) {
		return peer.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if a = a.Unmap(); !isTrusted(a, trusted) {
			return a.String()
		}
	}
	return peer.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
