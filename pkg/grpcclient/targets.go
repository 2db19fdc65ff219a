package grpcclient

import (
	"net"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
)

// listTarget turns a comma-separated address list ("h1:p1,h2:p2": replicas
// of one service without a DNS name for them, e.g. the local stack's second
// replica) into a dial target and the resolver that serves the list, so
// round_robin spreads calls over the replicas and skips one that is down or
// draining. A single address or a scheme target is returned unchanged.
func listTarget(target string) (string, []grpc.DialOption) {
	if !strings.Contains(target, ",") || strings.Contains(target, "://") {
		return target, nil
	}
	var addrs []resolver.Address
	for _, a := range strings.Split(target, ",") {
		if a = strings.TrimSpace(a); a != "" {
			// Each address is its own TLS server name: the authority
			// of a list target names no one host.
			host, _, err := net.SplitHostPort(a)
			if err != nil {
				host = a
			}
			addrs = append(addrs, resolver.Address{Addr: a, ServerName: host})
		}
	}
	r := manual.NewBuilderWithScheme("copydesk-list")
	r.InitialState(resolver.State{Addresses: addrs})
	return r.Scheme() + ":///" + strings.ReplaceAll(target, ",", "_"), []grpc.DialOption{grpc.WithResolvers(r)}
}
