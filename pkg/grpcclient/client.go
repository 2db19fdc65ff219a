// Package grpcclient dials other Copydesk services. Every call gets a
// deadline when it has none, and carries the caller's identity on: the
// bearer token of the principal in the context, or, for calls made on
// nobody's behalf, a short-lived service token.
package grpcclient

import (
	"context"
	"fmt"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/copydesk/copydesk/pkg/principal"
)

// ServiceTokens issues service credentials (authn.Tokens.IssueService).
type ServiceTokens interface {
	IssueService(service string) (string, error)
}

// Options configure a client connection.
type Options struct {
	// Timeout is the deadline added to calls without one (default 10s).
	Timeout time.Duration
	// Service names the calling service for service tokens.
	Service string
	// Tokens issues service tokens; nil means calls without a principal go
	// out without a credential (and will be refused).
	Tokens ServiceTokens
}

// Dial connects to target ("host:port"; "dns:///name:port" for
// client-side round-robin over a headless Service; or "h1:p1,h2:p2", a
// list of replicas, round-robin too).
func Dial(target string, o Options) (*grpc.ClientConn, error) {
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	c := &caller{opts: o}
	dialTarget, extra := listTarget(target)
	conn, err := grpc.NewClient(dialTarget, append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultServiceConfig(`{"loadBalancingConfig":[{"round_robin":{}}]}`),
		grpc.WithChainUnaryInterceptor(c.unary),
		grpc.WithChainStreamInterceptor(c.stream),
	}, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", target, err)
	}
	return conn, nil
}

// AsService marks ctx so that calls made with it use a service token even
// when a user principal is present.
func AsService(ctx context.Context) context.Context {
	return context.WithValue(ctx, asServiceKey{}, true)
}

type asServiceKey struct{}

type caller struct {
	opts Options

	mu       sync.Mutex
	svcToken string
	svcExp   time.Time
}

func (c *caller) outgoing(ctx context.Context) (context.Context, error) {
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	md.Delete(principal.MDAuthorization)
	md.Delete(principal.MDUserID)
	md.Delete(principal.MDCompanyID)
	md.Delete(principal.MDRole)
	p, ok := principal.From(ctx)
	switch {
	case ok && p.Token != "" && ctx.Value(asServiceKey{}) == nil:
		// The caller's identity goes on: its token, and the principal for
		// logs and quick routing (services trust only the verified token).
		md.Set(principal.MDAuthorization, "Bearer "+p.Token)
		md.Set(principal.MDUserID, p.UserID)
		md.Set(principal.MDCompanyID, p.CompanyID)
		md.Set(principal.MDRole, p.Role)
	case c.opts.Tokens != nil:
		t, err := c.serviceToken()
		if err != nil {
			return ctx, err
		}
		md.Set(principal.MDAuthorization, "Bearer "+t)
	}
	if in, ok := metadata.FromIncomingContext(ctx); ok {
		if rid := in.Get(principal.MDRequestID); len(rid) == 1 {
			md.Set(principal.MDRequestID, rid[0])
		}
	}
	return metadata.NewOutgoingContext(ctx, md), nil
}

func (c *caller) serviceToken() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.svcToken != "" && time.Until(c.svcExp) > time.Minute {
		return c.svcToken, nil
	}
	t, err := c.opts.Tokens.IssueService(c.opts.Service)
	if err != nil {
		return "", fmt.Errorf("issue service token: %w", err)
	}
	c.svcToken, c.svcExp = t, time.Now().Add(4*time.Minute)
	return t, nil
}

func (c *caller) unary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, inv grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	ctx, err := c.outgoing(ctx)
	if err != nil {
		return err
	}
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
	ctx, err := c.outgoing(ctx)
	if err != nil {
		return nil, err
	}
	return s(ctx, desc, cc, method, opts...)
}
