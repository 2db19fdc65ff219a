package netguard

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

// Run longer: go test -run '^$' -fuzz FuzzCheckURL -fuzztime 60s ./netguard
//
// The URL guard as webhooks, Shopify and WordPress rely on it: whatever
// the text, a refusal wraps ErrRefused, and an accepted URL is http(s)
// without credentials whose literal address is public. Names never reach
// a real resolver here (every lookup fails, so names are refused; an
// address written with a trailing dot is answered without one, and checked
// like the address — the fuzzer found "http://1.0.0.0.", kept in
// testdata/fuzz, where the property had wrongly called it a name).
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{
		"https://hooks.example.com/x", "http://127.0.0.1:8080/", "http://[::ffff:10.0.0.1]/",
		"http://[64:ff9b::a9fe:a9fe]/", "https://user:pw@1.1.1.1/", "http://0x7f.1/", "gopher://8.8.8.8/",
		"http://[fe80::1%25eth0]/", "http://1.1.1.1", "http://2130706433/",
	} {
		f.Add(s)
	}
	g := &Guard{Resolver: &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no network in the fuzzer")
	}}}
	f.Fuzz(func(t *testing.T, raw string) {
		err := g.CheckURL(context.Background(), raw)
		if err != nil {
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("CheckURL(%q) = %v, not an ErrRefused", raw, err)
			}
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
			t.Fatalf("accepted %q (scheme %q, user %v, parse %v)", raw, u.Scheme, u.User, perr)
		}
		// An address with a trailing dot ("1.0.0.0.") is a name Go's
		// resolver answers without a lookup: the answer is checked the same.
		ip, perr := netip.ParseAddr(strings.TrimSuffix(u.Hostname(), "."))
		if perr != nil {
			t.Fatalf("accepted %q whose host %q is a name no resolver answered", raw, u.Hostname())
		}
		if !public(ip) {
			t.Fatalf("accepted %q: %s is not a public address", raw, ip)
		}
	})
}

// FuzzCheckIP: an IPv4 address gets the same answer in every IPv6 form
// that carries it (mapped, NAT64), and nothing accepted is internal.
func FuzzCheckIP(f *testing.F) {
	f.Add([]byte{10, 0, 0, 1})
	f.Add([]byte{8, 8, 8, 8})
	f.Add([]byte{169, 254, 169, 254})
	g := &Guard{}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 4 {
			return
		}
		v4 := netip.AddrFrom4([4]byte(b[:4]))
		ok := g.CheckIP(v4) == nil
		mapped := netip.AddrFrom16(v4.As16()) // ::ffff:a.b.c.d
		if (g.CheckIP(mapped) == nil) != ok {
			t.Fatalf("%s and %s get different answers", v4, mapped)
		}
		nat64 := netip.MustParseAddr("64:ff9b::").As16()
		copy(nat64[12:], b[:4])
		if ok6 := g.CheckIP(netip.AddrFrom16(nat64)) == nil; ok6 && !ok {
			t.Fatalf("NAT64 form of refused %s is accepted", v4)
		}
		if ok && !public(v4) {
			t.Fatalf("accepted %s", v4)
		}
		if len(b) >= 16 {
			v6 := netip.AddrFrom16([16]byte(b[:16]))
			if g.CheckIP(v6) == nil && !public(v6) {
				t.Fatalf("accepted %s", v6)
			}
		}
	})
}

// public is an independent statement of "reachable from the internet"
// for the classes every SSRF guard must refuse.
func public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsUnspecified() &&
		!ip.IsLinkLocalUnicast() && !ip.IsLinkLocalMulticast() && !ip.IsMulticast() &&
		!ip.IsInterfaceLocalMulticast() && ip != netip.AddrFrom4([4]byte{169, 254, 169, 254})
}
