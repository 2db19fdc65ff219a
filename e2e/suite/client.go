package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Client is a real HTTP client of the gateway that records every answer
// under its route name (Recorder). With several gateway replicas it
// round-robins over them and, like a load balancer, tries the next one
// when a connection is refused (a replica that drains closes its
// listener first) and, once Watch runs, sends nothing to a replica whose
// /readyz fails while another's passes.
type Client struct {
	base   string // the first gateway
	bases  []string
	unwell []atomic.Bool // by base: its last /readyz failed (Watch)
	next   atomic.Uint32
	hc     *http.Client
	Rec    *Recorder
}

// NewClient keeps up to conns idle keep-alive connections per gateway.
func NewClient(base string, conns int, more ...string) *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = conns*(1+len(more)), conns
	bases := append([]string{base}, more...)
	return &Client{base: base, bases: bases, unwell: make([]atomic.Bool, len(bases)),
		hc: &http.Client{Transport: tr, Timeout: 30 * time.Second}, Rec: NewRecorder()}
}

// Watch checks every gateway's /readyz each interval until ctx ends, as
// a load balancer's health check does (a draining gateway answers 503
// and is left out while it still serves).
func (c *Client) Watch(ctx context.Context, every time.Duration) {
	for i, base := range c.bases {
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				rctx, cancel := context.WithTimeout(ctx, every)
				req, _ := http.NewRequestWithContext(rctx, http.MethodGet, base+"/readyz", nil)
				resp, err := c.hc.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					_ = resp.Body.Close()
				}
				cancel()
				if ctx.Err() != nil {
					return
				}
				c.unwell[i].Store(err != nil || resp.StatusCode != http.StatusOK)
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
			}
		}()
	}
}

// order is the gateways to try for one request: round-robin, the well
// ones first (all of them when none is well).
func (c *Client) order() []string {
	first := int(c.next.Add(1))
	var well, unwell []string
	for i := range c.bases {
		j := (first + i) % len(c.bases)
		if c.unwell[j].Load() {
			unwell = append(unwell, c.bases[j])
		} else {
			well = append(well, c.bases[j])
		}
	}
	return append(well, unwell...)
}

// Result is one fully read answer (Status 0: a transport error, in Err).
type Result struct {
	Status int
	Header http.Header
	Body   []byte
	Took   time.Duration
	Err    error
}

// OK is a 2xx answer.
func (r Result) OK() bool { return r.Status >= 200 && r.Status < 300 }

func (r Result) String() string {
	if r.Err != nil {
		return r.Err.Error()
	}
	return fmt.Sprintf("%d %s", r.Status, bytes.TrimSpace(r.Body))
}

// Obj decodes a JSON object answer (nil when it is not one).
func (r Result) Obj() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// List decodes {"data": [...]}.
func (r Result) List() []map[string]any {
	var l struct {
		Data []map[string]any `json:"data"`
	}
	_ = json.Unmarshal(r.Body, &l)
	return l.Data
}

// Str is m[k] as a string.
func Str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

// Do sends one request and records it under route. body: nil, url.Values
// (a form) or a value sent as JSON. hdr are header name/value pairs.
func (c *Client) Do(ctx context.Context, route, method, path, token string, body any, hdr ...string) Result {
	var r io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		r, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return Result{Err: err}
		}
		r, ctype = bytes.NewReader(j), "application/json"
	}
	var payload []byte
	if r != nil {
		payload, _ = io.ReadAll(r)
	}
	begin := time.Now()
	var resp *http.Response
	var err error
	for _, base := range c.order() {
		var req *http.Request
		req, err = http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(payload))
		if err != nil {
			return Result{Err: err}
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		if resp, err = c.hc.Do(req); !refused(err) {
			break
		}
	}
	res := Result{Err: err}
	if err == nil {
		res.Body, res.Err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		res.Status, res.Header = resp.StatusCode, resp.Header
	}
	res.Took = time.Since(begin)
	if ctx.Err() == nil && route != "" { // a request cut by the end of the run is not an answer
		c.Rec.Add(route, res)
	}
	return res
}

// refused: the connection was never made (nothing was sent).
func refused(err error) bool {
	var op *net.OpError
	return err != nil && errors.As(err, &op) && op.Op == "dial"
}

// Session is a logged-in user.
type Session struct {
	ID, Email, Password, CompanyID, Role, Access string
}

// Login uses the OAuth2 password grant and reads /auth/me.
func (c *Client) Login(ctx context.Context, email, password string) (Session, error) {
	form := url.Values{"grant_type": {"password"}, "username": {email}, "password": {password}}
	r := c.Do(ctx, "POST /auth/token", http.MethodPost, "/auth/token", "", form)
	if r.Status != http.StatusOK {
		return Session{}, fmt.Errorf("login %s: %s", email, r)
	}
	s := Session{Email: email, Password: password, Access: Str(r.Obj(), "access_token")}
	me := c.Do(ctx, "GET /auth/me", http.MethodGet, "/auth/me", s.Access, nil)
	if me.Status != http.StatusOK {
		return Session{}, fmt.Errorf("me %s: %s", email, me)
	}
	u := me.Obj()
	s.ID, s.CompanyID, s.Role = Str(u, "id"), Str(u, "company_id"), Str(u, "role")
	return s, nil
}
