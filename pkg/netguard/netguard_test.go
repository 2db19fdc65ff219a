package netguard_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/netguard"
)

func TestCheckURLRefusals(t *testing.T) {
	t.Parallel()
	g := &netguard.Guard{}
	cases := []struct {
		url, why string
	}{
		{"http://127.0.0.1/hook", "loopback"},
		{"http://127.8.9.10:8080/hook", "loopback"},
		{"http://localhost/hook", "does not resolve to a public address"},
		{"http://[::1]/hook", "loopback"},
		{"http://[::ffff:127.0.0.1]/hook", "loopback"},
		{"http://10.1.2.3/hook", "private"},
		{"http://172.16.0.1/hook", "private"},
		{"http://192.168.1.10/hook", "private"},
		{"http://[fc00::1]/hook", "private"},
		{"http://169.254.169.254/latest/meta-data", "metadata"},
		{"http://[fd00:ec2::254]/", "metadata"},
		{"http://169.254.10.1/", "link-local"},
		{"http://[fe80::1]/", "link-local"},
		{"http://100.64.0.1/", "CGNAT"},
		{"http://239.1.2.3/", "multicast"},
		{"http://[ff05::1]/", "multicast"},
		{"http://0.0.0.0/", "unspecified"},
		{"http://[::]/", "unspecified"},
		{"http://255.255.255.255/", "broadcast"},
		// IPv4 inside IPv6: IPv4-mapped, IPv4-compatible, IPv4-translated,
		// NAT64 — refused, naming the embedded address's kind when it has one.
		{"http://[::ffff:169.254.169.254]/", "metadata"},
		{"http://[::ffff:10.0.0.1]/", "private"},
		{"http://[::169.254.169.254]/", "metadata"},
		{"http://[::a9fe:a9fe]/", "metadata"},
		{"http://[::127.0.0.1]/", "loopback"},
		{"http://[::10.1.2.3]/", "private"},
		{"http://[::8.8.8.8]/", "IPv4-compatible"},
		{"http://[::ffff:0:169.254.169.254]/", "metadata"},
		{"http://[::ffff:0:8.8.8.8]/", "IPv4-translated"},
		{"http://[64:ff9b::169.254.169.254]/", "metadata"},
		{"http://[64:ff9b::192.168.0.1]/", "private"},
		{"http://[64:ff9b::127.0.0.1]/", "loopback"},
		{"http://[64:ff9b::8.8.8.8]/", "NAT64"},
		{"http://[64:ff9b:1::8.8.8.8]/", "NAT64"},
		{"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "Teredo"},
		{"ftp://example.com/", "scheme"},
		{"file:///etc/passwd", "scheme"},
		{"gopher://1.1.1.1/", "scheme"},
		{"http://user:pw@8.8.8.8/", "credentials"},
		{"http:///nohost", "host"},
		{"http://no-such-host.invalid/", "does not resolve to a public address"},
		// An address with a trailing dot is a name that resolves to itself.
		{"http://127.0.0.1./", "does not resolve to a public address"},
		{"http://169.254.169.254./latest/meta-data", "does not resolve to a public address"},
		{"http://10.0.0.1./", "does not resolve to a public address"},
	}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) {
			t.Parallel()
			err := g.CheckURL(t.Context(), c.url)
			if err == nil {
				t.Fatalf("%s accepted", c.url)
			}
			if !strings.Contains(err.Error(), c.why) || !errors.Is(err, netguard.ErrRefused) {
				t.Fatalf("%s refused with %q, want a reason naming %q", c.url, err, c.why)
			}
			if strings.Contains(c.url, "localhost") && strings.Contains(err.Error(), "127.") {
				t.Fatalf("%s refused with %q: the resolved address leaks", c.url, err)
			}
		})
	}
	for _, ok := range []string{"http://8.8.8.8/hook", "https://1.1.1.1:8443/x?y=1", "https://[2606:4700:4700::1111]/"} {
		if err := g.CheckURL(t.Context(), ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	if err := (&netguard.Guard{AllowLoopback: true}).CheckURL(t.Context(), "http://127.0.0.1:9/x"); err != nil {
		t.Errorf("loopback refused with AllowLoopback: %v", err)
	}
	if err := (&netguard.Guard{AllowLoopback: true}).CheckURL(t.Context(), "http://10.0.0.1/x"); err == nil {
		t.Error("AllowLoopback let a private address through")
	}
}

// TestDialTimeCheck: a URL that passed the save-time check cannot reach a
// refused address when connecting (the check runs on the dialed IP).
func TestDialTimeCheck(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := (&netguard.Guard{}).Client(5 * time.Second)
	resp, err := c.Get(srv.URL)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("dialed a loopback receiver")
	}
	if !errors.Is(err, netguard.ErrRefused) || strings.Contains(err.Error(), "127.0.0.1:") == false || hits.Load() != 0 {
		t.Fatalf("err = %v, hits = %d", err, hits.Load())
	}
	// "localhost" resolves to loopback too: refused at dial time.
	resp, err = c.Get(strings.Replace(srv.URL, "127.0.0.1", "localhost", 1))
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("dialed localhost")
	}
	// What the name resolved to is not told (the URL itself is, by net/http).
	// net/http names the address it dialled; Describe, the text a user
	// may see, does not.
	if d := netguard.Describe(err); !errors.Is(err, netguard.ErrRefused) || strings.Contains(d, "127.0.0.1") || strings.Contains(d, "::1") ||
		!strings.Contains(d, "public address") {
		t.Fatalf("localhost refused with %q (%q)", err, d)
	}
}

// A host name is refused in the same words whether it is unknown or
// resolves to an internal address, and the address is never named.
func TestNameRefusalRevealsNothing(t *testing.T) {
	t.Parallel()
	g := &netguard.Guard{}
	internal := g.CheckURL(t.Context(), "http://localhost:8080/x")
	unknown := g.CheckURL(t.Context(), "http://no-such-host.invalid:8080/x")
	if internal == nil || unknown == nil {
		t.Fatal("accepted")
	}
	in := strings.ReplaceAll(internal.Error(), "localhost", "H")
	un := strings.ReplaceAll(unknown.Error(), "no-such-host.invalid", "H")
	if in != un {
		t.Fatalf("refusals differ: %q vs %q", internal, unknown)
	}
}

func TestResponseBodyIsBounded(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", 1000)))
	}))
	defer srv.Close()
	read := func(max int64) (int, error) {
		c := (&netguard.Guard{AllowLoopback: true}).NewClient(netguard.Limits{Timeout: 5 * time.Second, MaxBody: max})
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		b, err := io.ReadAll(resp.Body)
		return len(b), err
	}
	if n, err := read(999); !errors.Is(err, netguard.ErrTooLarge) || n != 999 {
		t.Fatalf("999-byte limit: read %d, err %v", n, err)
	}
	if n, err := read(1000); err != nil || n != 1000 {
		t.Fatalf("1000-byte limit: read %d, err %v", n, err)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	var targetHits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { targetHits.Add(1) }))
	defer target.Close()
	redirector := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusFound))
	defer redirector.Close()
	c := (&netguard.Guard{AllowLoopback: true}).Client(5 * time.Second)
	resp, err := c.Post(redirector.URL, "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusFound || targetHits.Load() != 0 {
		t.Fatalf("status %d, redirect target hit %d times", resp.StatusCode, targetHits.Load())
	}
}
