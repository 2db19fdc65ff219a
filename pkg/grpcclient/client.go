// Package grpcclient dials other Copydesk services. Every call gets a
// deadline when it has none, and carries the caller's identity on: the
// bearer token of the principal in the context, or, for calls made on
// nobody's behalf, no token at all: the server then takes the calling
// service from its client certificate (mutual TLS, pkg/mtls).
package grpcclient

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/copydesk/copydesk/pkg/mtls"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tracing"
)

// Options configure a client connection.
type Options struct {
	// Timeout is the deadline added to calls without one (default 10s).
	Timeout time.Duration
	// TLS, when set, dials with mutual TLS: this process's certificate,
	// and the server's verified against the CA. Nil dials plaintext, where
	// calls without a principal are refused.
	TLS *mtls.Config
}

// Dial connects to target ("host:port"; "dns:///name:port" for
// client-side round-robin over a headless Service; or "h1:p1,h2:p2", a
// list of replicas, round-robin too).
func Dial(target string, o Options) (*grpc.ClientConn, error) {
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	c := &caller{opts: o}
	creds := insecure.NewCredentials()
	if o.TLS != nil {
		creds = o.TLS.ClientCredentials()
	}
	dialTarget, extra := listTarget(target)
	conn, err := grpc.NewClient(dialTarget, append([]grpc.DialOption{
		grpc.WithTransportCredentials(creds),
		grpc.WithDefaultServiceConfig(`{"loadBalancingConfig":[{"round_robin":{}}]}`),
		grpc.WithChainUnaryInterceptor(c.unary),
		grpc.WithChainStreamInterceptor(c.stream),
		grpc.WithStatsHandler(tracing.ClientHandler()), // spans and traceparent
	}, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", target, err)
	}
	return conn, nil
}

// AsService marks ctx so that calls made with it go out as the service
// (no token: the certificate names the caller) even when a user principal
// is present.
func AsService(ctx context.Context) context.Context {
	return context.WithValue(ctx, asServiceKey{}, true)
}

type asServiceKey struct{}

type caller struct {
	opts Options
}

func (c *caller) outgoing(ctx context.Context) context.Context {
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	md.Delete(principal.MDAuthorization)
	md.Delete(principal.MDUserID)
	md.Delete(principal.MDCompanyID)
	md.Delete(principal.MDRole)
	p, ok := principal.From(ctx)
	if ok && p.Token != "" && ctx.Value(asServiceKey{}) == nil {
		// The caller's identity goes on: its token, and the principal for
		// logs and quick routing (services trust only the verified token).
		md.Set(principal.MDAuthorization, "Bearer "+p.Token)
		md.Set(principal.MDUserID, p.UserID)
		md.Set(principal.MDCompanyID, p.CompanyID)
		md.Set(principal.MDRole, p.Role)
	}
	if in, ok := metadata.FromIncomingContext(ctx); ok {
		if rid := in.Get(principal.MDRequestID); len(rid) == 1 {
			md.Set(principal.MDRequestID, rid[0])
		}
	}
	return metadata.NewOutgoingContext(ctx, md)
}

func (c *caller) unary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, inv grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	ctx = c.outgoing(ctx)
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.Timeout)
		defer cancel()
	}
	return inv(ctx, method, req, reply, cc, opts...)
}

// stream calls get no default deadline (they may be long, e.g. token
// streams); their context's cancellation still ends them.
func (c *caller) stream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, s grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return s(c.outgoing(ctx), desc, cc, method, opts...)
}
