// Package netguard keeps outbound webhook requests away from the
// service's own network (SSRF): a URL must be http(s) and its host must
// resolve only to public addresses, checked when the URL is saved AND at
// dial time on the very IP being connected to (a DNS answer that changes
// between the two is caught), and redirects are never followed.
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// blocked are the ranges no webhook may reach, besides what netip's
// predicates catch (loopback, private, link-local, multicast,
// unspecified).
var blocked = []struct {
	prefix netip.Prefix
	why    string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared address space (CGNAT)"},
	{netip.MustParsePrefix("169.254.169.254/32"), "cloud metadata"},
	{netip.MustParsePrefix("fd00:ec2::254/128"), "cloud metadata"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved"},
	{netip.MustParsePrefix("192.0.2.0/24"), "reserved"},
	{netip.MustParsePrefix("198.18.0.0/15"), "reserved"},
	{netip.MustParsePrefix("198.51.100.0/24"), "reserved"},
	{netip.MustParsePrefix("203.0.113.0/24"), "reserved"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "NAT64"},
	{netip.MustParsePrefix("2001::/32"), "Teredo"},
	{netip.MustParsePrefix("2001:db8::/32"), "reserved"},
	{netip.MustParsePrefix("2002::/16"), "6to4"},
}

// embedding are IPv6 ranges whose last 32 bits carry an IPv4 address
// (IPv4-mapped ::ffff:0:0/96 is unmapped first and checked as IPv4). They
// are refused whole — a webhook receiver has a plain IPv4 or IPv6 address
// of its own — and the embedded IPv4 is checked first, so that the reason
// names what it would really reach (e.g. [::169.254.169.254] is "cloud
// metadata").
var embedding = []struct {
	prefix netip.Prefix
	why    string
}{
	{netip.MustParsePrefix("::/96"), "IPv4-compatible"},
	{netip.MustParsePrefix("::ffff:0:0:0/96"), "IPv4-translated"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64"},
}

// Guard checks URLs and addresses. AllowLoopback (tests only) lets
// 127.0.0.0/8 and ::1 through.
type Guard struct {
	AllowLoopback bool
	// Resolver resolves host names (default net.DefaultResolver).
	Resolver *net.Resolver
}

// CheckIP returns why ip may not be reached, or nil.
func (g *Guard) CheckIP(ip netip.Addr) error {
	ip = ip.Unmap().WithZone("")
	switch {
	case !ip.IsValid():
		return errors.New("invalid address")
	case ip.IsLoopback():
		if g.AllowLoopback {
			return nil
		}
		return fmt.Errorf("address %s is loopback", ip)
	case ip.IsUnspecified():
		return fmt.Errorf("address %s is unspecified", ip)
	case ip == netip.MustParseAddr("169.254.169.254") || ip == netip.MustParseAddr("fd00:ec2::254"):
		return fmt.Errorf("address %s is cloud metadata", ip)
	case ip.IsPrivate():
		return fmt.Errorf("address %s is private", ip)
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return fmt.Errorf("address %s is link-local", ip)
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return fmt.Errorf("address %s is multicast", ip)
	case ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return fmt.Errorf("address %s is broadcast", ip)
	}
	if err := g.checkEmbedded(ip); err != nil {
		return err
	}
	for _, b := range blocked {
		if b.prefix.Contains(ip) {
			return fmt.Errorf("address %s is %s", ip, b.why)
		}
	}
	return nil
}

// checkEmbedded refuses an IPv6 address that carries an IPv4 one (after
// :: and ::1, which CheckIP has already judged).
func (g *Guard) checkEmbedded(ip netip.Addr) error {
	if !ip.Is6() {
		return nil
	}
	for _, e := range embedding {
		if !e.prefix.Contains(ip) {
			continue
		}
		b := ip.As16()
		v4 := netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
		if err := g.CheckIP(v4); err != nil {
			return fmt.Errorf("address %s is %s of %s: %w", ip, e.why, v4, err)
		}
		return fmt.Errorf("address %s is %s", ip, e.why)
	}
	return nil
}

// errHostRefused is the one answer for a host name that does not resolve
// or resolves to a refused address: naming the address (or telling the two
// apart) would let a tenant map the internal network's DNS through the
// save-time check.
var errHostRefused = errors.New("its host must resolve, to public addresses only")

// CheckURL checks the scheme and every address the host resolves to. The
// reason names what the client wrote (scheme, credentials, an IP literal's
// kind), never what the server's resolver answered.
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("scheme must be http or https")
	}
	if u.User != nil {
		return errors.New("credentials in the URL are not allowed")
	}
	host := u.Hostname()
	if host == "" {
		return errors.New("host is missing")
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return g.CheckIP(ip)
	}
	r := g.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := r.LookupNetIP(rctx, "ip", strings.TrimSuffix(host, "."))
	if err != nil || len(addrs) == 0 {
		return errHostRefused
	}
	for _, a := range addrs {
		if err := g.CheckIP(a); err != nil {
			return errHostRefused
		}
	}
	return nil
}

// control runs after name resolution, just before connect, with the
// actual address: the check that DNS rebinding cannot get past.
func (g *Guard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("netguard: refusing %q: %w", address, err)
	}
	if err := g.CheckIP(ap.Addr()); err != nil {
		return fmt.Errorf("netguard: refusing to connect: %w", err)
	}
	return nil
}

// Client returns an HTTP client for webhook deliveries: every connection
// is checked at dial time, no proxy from the environment (it would dial
// instead of us), no redirects followed (the 3xx is the answer), and a
// total timeout.
func (g *Guard) Client(timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: g.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          50,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
