package authn

import (
	"crypto/sha256"
	"sync"
	"time"

	"github.com/copydesk/copydesk/pkg/principal"
)

// verifiedMax bounds the tokens a Verifier remembers (about 200 bytes
// each): more than the distinct tokens one process sees in 15 minutes at
// this product's scale; past it, arbitrary entries make room.
const verifiedMax = 50_000

// verifiedTokens remembers tokens that passed verification, by their
// SHA-256, until they expire. An entry is used only while the key that
// signed it is still in the key set, so retiring a key (rotation step 3,
// or a suspected leak) ends its tokens at once, cached or not. Only
// successes are kept: a forged token is checked in full every time.
// Session cut-offs are checked after Verify (the gateway's cutVerifier),
// so a cached token is cut like any other.
type verifiedTokens struct {
	mu  sync.Mutex
	m   map[[32]byte]verified
	max int
}

type verified struct {
	p   principal.Principal // without Token
	exp time.Time
	kid string
}

func (c *verifiedTokens) get(token string, now time.Time, keys KeySource) (principal.Principal, bool) {
	h := sha256.Sum256([]byte(token))
	c.mu.Lock()
	e, ok := c.m[h]
	if ok && !now.Before(e.exp) {
		delete(c.m, h)
		ok = false
	}
	c.mu.Unlock()
	if !ok {
		return principal.Principal{}, false
	}
	if _, stillValid := keys.Lookup(e.kid); !stillValid {
		return principal.Principal{}, false
	}
	p := e.p
	p.Token = token
	return p, true
}

func (c *verifiedTokens) put(token string, p principal.Principal, exp time.Time, kid string) {
	if kid == "" {
		return
	}
	h := sha256.Sum256([]byte(token))
	p.Token = ""
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[[32]byte]verified{}
	}
	for k := range c.m { // make room: map order is arbitrary
		if len(c.m) < c.max {
			break
		}
		delete(c.m, k)
	}
	c.m[h] = verified{p: p, exp: exp, kid: kid}
}
