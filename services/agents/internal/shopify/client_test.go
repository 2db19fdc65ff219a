package shopify_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/fakeshopify"
	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
	"github.com/copydesk/copydesk/services/agents/internal/shopify"
)

const token = "shpat_0123456789abcdef0123456789abcdef"

func newClient(shop *fakeshopify.Server, retries int, maxWait time.Duration) (*shopify.Client, integrations.ShopifyConn) {
	c := &shopify.Client{HTTP: (&netguard.Guard{AllowLoopback: true}).NewClient(netguard.Limits{Timeout: 5 * time.Second}),
		BaseURL: shop.URL, Retries: retries, MaxWait: maxWait}
	return c, integrations.ShopifyConn{Domain: "fake-outfitters.myshopify.com", Version: "2025-07", Token: token}
}

// A 5xx is retried with backoff (1s, 2s, … capped by MaxWait) up to
// Retries times; past them the error names Shopify's status.
func TestServerErrorsAreRetried(t *testing.T) {
	t.Parallel()
	shop := fakeshopify.New(token)
	defer shop.Close()
	c, conn := newClient(shop, 3, 100*time.Millisecond)
	shop.Fail(2, 503)
	name, err := c.Shop(t.Context(), conn)
	if err != nil || name != shop.Name || len(shop.Requests()) != 3 {
		t.Fatalf("after two 503s: %q %v, %d requests", name, err, len(shop.Requests()))
	}
	shop.Fail(10, 500)
	_, err = c.Shop(t.Context(), conn)
	var re *integrations.RemoteError
	if !errors.As(err, &re) || re.Status != 500 || !strings.Contains(re.Msg, "Shopify answered 500") || len(shop.Requests()) != 3+4 {
		t.Fatalf("past the retries: %v, %d requests", err, len(shop.Requests()))
	}
	// A 4xx is not retried.
	bad := conn
	bad.Token = "wrong"
	before := len(shop.Requests())
	if _, err := c.Shop(t.Context(), bad); !errors.As(err, &re) || re.Status != 401 || len(shop.Requests()) != before+1 {
		t.Fatalf("401: %v, %d requests", err, len(shop.Requests())-before)
	}
}

// A 429 waits for Retry-After, then succeeds.
func TestThrottledCallWaitsForRetryAfter(t *testing.T) {
	t.Parallel()
	shop := fakeshopify.New(token)
	defer shop.Close()
	c, conn := newClient(shop, 3, 5*time.Second)
	shop.Throttle(1)
	start := time.Now()
	if _, err := c.Shop(t.Context(), conn); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 900*time.Millisecond || len(shop.Requests()) != 2 {
		t.Fatalf("took %s, %d requests (Retry-After is 1.0)", took, len(shop.Requests()))
	}
}

// When X-Shopify-Shop-Api-Call-Limit reaches 80 % of the bucket, the
// client pauses until the bucket is half empty ((used − size/2) × 500 ms,
// the bucket leaking 2 calls a second), so it never overflows into 429s.
func TestBucketPastEightyPercentPauses(t *testing.T) {
	t.Parallel()
	shop := fakeshopify.New(token)
	defer shop.Close()
	shop.BucketSize = 10
	c, conn := newClient(shop, 3, 5*time.Second)
	for i := 1; i <= 7; i++ { // used 1..7 of 10: below 80 %, no pause
		start := time.Now()
		if _, err := c.Shop(t.Context(), conn); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 400*time.Millisecond {
			t.Fatalf("call %d (bucket %d/10) paused %s", i, i, took)
		}
	}
	start := time.Now()
	if _, err := c.Shop(t.Context(), conn); err != nil { // 8/10: 80 %
		t.Fatal(err)
	}
	if took := time.Since(start); took < 1400*time.Millisecond || took > 4*time.Second {
		t.Fatalf("call at 8/10 paused %s, want (8 − 5) × 500 ms", took)
	}
	start = time.Now()
	if _, err := c.Shop(t.Context(), conn); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 400*time.Millisecond {
		t.Fatalf("the call after the pause paused too (%s): the bucket did not drain", took)
	}
	for _, r := range shop.Requests() {
		if !strings.Contains(r, "shop.json") {
			t.Fatalf("request %s", r)
		}
	}
	if n := len(shop.Requests()); n != 9 {
		t.Fatalf("%d requests: a call was throttled", n)
	}
}
