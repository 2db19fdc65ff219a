package grpcserver

import (
	"context"

	"google.golang.org/grpc/metadata"

	"github.com/copydesk/copydesk/pkg/principal"
)

// ClientAddr is the end client's IP address as the gateway determined it
// (principal.MDClientAddr), or "" without one. Only the gateway sets it:
// it never turns a client's headers into metadata, and inside the cluster
// only services reach a service. Login and password-change throttling key
// on it.
func ClientAddr(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md.Get(principal.MDClientAddr); len(v) == 1 && len(v[0]) <= 64 {
		return v[0]
	}
	return ""
}
