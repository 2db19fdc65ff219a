package netguard

import (
	"errors"
	"io"
	"net"
	"net/http"
	"time"
)

// Limits bound one outbound request.
type Limits struct {
	// Timeout bounds the whole exchange, body included (default 30s).
	Timeout time.Duration
	// MaxBody bounds the response body read; reading past it fails with
	// ErrTooLarge (default 8 MiB).
	MaxBody int64
}

// ErrTooLarge is the error of reading a response body past Limits.MaxBody.
var ErrTooLarge = errors.New("response body too large")

// Client returns an HTTP client with only a timeout (webhook deliveries,
// which read little of the answer). See NewClient.
func (g *Guard) Client(timeout time.Duration) *http.Client {
	return g.NewClient(Limits{Timeout: timeout})
}

// NewClient returns an HTTP client for user-given URLs: every connection
// is checked at dial time, no proxy from the environment (it would dial
// instead of us), no redirects followed (the 3xx is the answer), a total
// timeout and a bounded response body.
func (g *Guard) NewClient(l Limits) *http.Client {
	if l.Timeout <= 0 {
		l.Timeout = 30 * time.Second
	}
	if l.MaxBody <= 0 {
		l.MaxBody = 8 << 20
	}
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: g.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          50,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: l.Timeout,
	}
	return &http.Client{
		Transport:     limited{next: tr, max: l.MaxBody},
		Timeout:       l.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// limited wraps every response body so that it cannot be read past max.
type limited struct {
	next http.RoundTripper
	max  int64
}

func (l limited) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = &capped{rc: resp.Body, left: l.max}
	return resp, nil
}

type capped struct {
	rc   io.ReadCloser
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells a body of exactly max from a longer one.
		var one [1]byte
		if n, _ := c.rc.Read(one[:]); n > 0 {
			return 0, ErrTooLarge
		}
		return c.rc.Read(p)
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	return n, err
}

func (c *capped) Close() error { return c.rc.Close() }
