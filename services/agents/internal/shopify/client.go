// Package shopify is the client of the Shopify REST Admin API that the
// catalog sync uses (integrations.Shopify): the shop record and products
// paged by cursor (the Link header's rel="next" page_info), with
// X-Shopify-Access-Token auth, 429 handled with Retry-After, the leaky
// bucket (X-Shopify-Shop-Api-Call-Limit) drained before it overflows,
// and every connection through pkg/netguard. Hand-written on net/http: the
// two GETs it needs do not justify an SDK (the Go ones wrap the whole API
// and their own HTTP client, which would bypass the guard).
package shopify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// Client calls shops.
type Client struct {
	// HTTP must come from netguard (dial-time checks, no redirects).
	HTTP *http.Client
	// BaseURL replaces https://<shop domain> (tests: a fake shop).
	BaseURL string
	// Retries bounds the retries of a throttled or failing call (default 5).
	Retries int
	// MaxWait bounds one wait for the rate limit (default 30s).
	MaxWait time.Duration
}

var _ integrations.Shopify = (*Client)(nil)

func (c *Client) base(conn integrations.ShopifyConn) string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	return "https://" + conn.Domain
}

// Shop reads the shop's name.
func (c *Client) Shop(ctx context.Context, conn integrations.ShopifyConn) (string, error) {
	var out struct {
		Shop struct {
			Name string `json:"name"`
		} `json:"shop"`
	}
	if _, err := c.get(ctx, conn, "/shop.json", nil, &out); err != nil {
		return "", err
	}
	return out.Shop.Name, nil
}

type productJSON struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	BodyHTML    string    `json:"body_html"`
	Vendor      string    `json:"vendor"`
	ProductType string    `json:"product_type"`
	Handle      string    `json:"handle"`
	Tags        string    `json:"tags"`
	UpdatedAt   time.Time `json:"updated_at"`
	Variants    []struct {
		Title string `json:"title"`
		Price string `json:"price"`
		SKU   string `json:"sku"`
	} `json:"variants"`
}

// Products reads one page of active products: the first with the
// query's filters, the next ones by page_info alone (Shopify refuses
// filters beside it).
func (c *Client) Products(ctx context.Context, conn integrations.ShopifyConn, q integrations.ProductQuery) (integrations.ProductPage, error) {
	v := url.Values{"limit": {strconv.Itoa(q.Limit)}}
	if q.IDsOnly {
		v.Set("fields", "id,updated_at")
	}
	if q.PageInfo != "" {
		v.Set("page_info", q.PageInfo)
	} else {
		v.Set("status", "active")
		if !q.Since.IsZero() {
			v.Set("updated_at_min", q.Since.UTC().Format(time.RFC3339))
		}
	}
	var out struct {
		Products []productJSON `json:"products"`
	}
	h, err := c.get(ctx, conn, "/products.json", v, &out)
	if err != nil {
		return integrations.ProductPage{}, err
	}
	page := integrations.ProductPage{Next: nextPageInfo(h.Get("Link"))}
	for _, p := range out.Products {
		ip := integrations.Product{ID: p.ID, Title: p.Title, BodyHTML: p.BodyHTML, Vendor: p.Vendor, ProductType: p.ProductType,
			Handle: p.Handle, Tags: p.Tags, UpdatedAt: p.UpdatedAt.UTC()}
		for _, vr := range p.Variants {
			ip.Variants = append(ip.Variants, integrations.Variant{Title: vr.Title, Price: vr.Price, SKU: vr.SKU})
		}
		page.Products = append(page.Products, ip)
	}
	return page, nil
}

var linkNext = regexp.MustCompile(`<([^>]+)>;\s*rel="next"`)

// nextPageInfo takes the page_info of the Link header's rel="next" URL
// (only the cursor: the next request is built against the shop's own
// URL, never the one the header names).
func nextPageInfo(link string) string {
	m := linkNext.FindStringSubmatch(link)
	if m == nil {
		return ""
	}
	u, err := url.Parse(m[1])
	if err != nil {
		return ""
	}
	return u.Query().Get("page_info")
}

// get GETs /admin/api/<version><path>, retrying 429 (after Retry-After)
// and 5xx (backing off), and decodes a 200 into out.
func (c *Client) get(ctx context.Context, conn integrations.ShopifyConn, path string, q url.Values, out any) (http.Header, error) {
	u := c.base(conn) + "/admin/api/" + url.PathEscape(conn.Version) + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	retries := c.Retries
	if retries <= 0 {
		retries = 5
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, &integrations.RemoteError{Msg: "invalid shop URL"}
		}
		req.Header.Set("X-Shopify-Access-Token", conn.Token)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "Copydesk-Integrations/1")
		resp, err := c.HTTP.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &integrations.RemoteError{Msg: "Shopify could not be reached: " + netguard.Describe(err)}
		}
		body, rerr := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		wait, retry := c.backoff(resp, attempt)
		switch {
		case retry && attempt < retries:
			if err := sleep(ctx, wait); err != nil {
				return nil, err
			}
			continue
		case resp.StatusCode != http.StatusOK:
			return nil, remoteError(resp.StatusCode, body)
		case rerr != nil:
			return nil, &integrations.RemoteError{Status: resp.StatusCode, Msg: "Shopify's answer could not be read: " + netguard.Describe(rerr)}
		}
		if err := json.Unmarshal(body, out); err != nil {
			return nil, &integrations.RemoteError{Status: resp.StatusCode, Msg: "Shopify answered something that is not the expected JSON"}
		}
		// Drain the leaky bucket before it overflows: it leaks 2 calls a
		// second; wait until it is half empty again.
		if used, size, ok := callLimit(resp.Header.Get("X-Shopify-Shop-Api-Call-Limit")); ok && used*5 >= size*4 {
			if err := sleep(ctx, min(time.Duration(used-size/2)*500*time.Millisecond, c.maxWait())); err != nil {
				return nil, err
			}
		}
		return resp.Header, nil
	}
}

func (c *Client) maxWait() time.Duration {
	if c.MaxWait > 0 {
		return c.MaxWait
	}
	return 30 * time.Second
}

// backoff says whether a response is retried and after how long: 429
// after Retry-After (seconds, possibly fractional; 2s when absent), 5xx
// after 1s, 2s, 4s, ….
func (c *Client) backoff(resp *http.Response, attempt int) (time.Duration, bool) {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		wait := 2 * time.Second
		if f, err := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); err == nil && f >= 0 {
			wait = time.Duration(f * float64(time.Second))
		}
		return min(wait, c.maxWait()), true
	case resp.StatusCode >= 500:
		return min(time.Second<<attempt, c.maxWait()), true
	}
	return 0, false
}

func callLimit(h string) (used, size int, ok bool) {
	a, b, found := strings.Cut(h, "/")
	used, err1 := strconv.Atoi(strings.TrimSpace(a))
	size, err2 := strconv.Atoi(strings.TrimSpace(b))
	return used, size, found && err1 == nil && err2 == nil && size > 0
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// remoteError turns an error answer into a message for the job or the
// test result; Shopify's "errors" text is kept (bounded), never the URL.
func remoteError(code int, body []byte) error {
	switch code {
	case http.StatusUnauthorized, http.StatusForbidden:
		return &integrations.RemoteError{Status: code, Msg: fmt.Sprintf("Shopify refused the access token (%d)", code)}
	case http.StatusNotFound:
		return &integrations.RemoteError{Status: code, Msg: "Shopify has no such shop or API version (404)"}
	case http.StatusTooManyRequests:
		return &integrations.RemoteError{Status: code, Msg: "Shopify kept throttling the sync (429)"}
	}
	var e struct {
		Errors json.RawMessage `json:"errors"`
	}
	detail := ""
	if json.Unmarshal(body, &e) == nil && len(e.Errors) > 0 {
		detail = ": " + string(e.Errors)
		if len(detail) > 200 {
			detail = detail[:200]
		}
	}
	return &integrations.RemoteError{Status: code, Msg: fmt.Sprintf("Shopify answered %d%s", code, detail)}
}
