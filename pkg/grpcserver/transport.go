package grpcserver

import (
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// Transport limits of every server: what one connection may hold and how
// it must behave, so that a misbehaving or hostile peer cannot tie a
// server up.
const (
	// MaxConcurrentStreams per connection; more calls wait in the client
	// for a free stream (the gateway multiplexes every REST request to a
	// service over its connections, so this is generous).
	MaxConcurrentStreams = 1000
	// MaxRecvMsgSize bounds one request message.
	MaxRecvMsgSize = 8 << 20
	// KeepaliveMinTime: a client pinging more often than this is sent
	// GOAWAY (too_many_pings) and disconnected (keepalive enforcement).
	KeepaliveMinTime = 10 * time.Second
	// KeepaliveTime / KeepaliveTimeout: the server pings an idle
	// connection after KeepaliveTime and closes it if the ping is not
	// answered within KeepaliveTimeout (dead peers are dropped).
	KeepaliveTime    = 2 * time.Minute
	KeepaliveTimeout = 20 * time.Second
	// MaxConnectionIdle closes a connection with no call for this long.
	MaxConnectionIdle = 15 * time.Minute
)

// transportOptions are the server options of the limits above.
func transportOptions() []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.MaxRecvMsgSize(MaxRecvMsgSize),
		grpc.MaxConcurrentStreams(MaxConcurrentStreams),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: KeepaliveMinTime, PermitWithoutStream: true}),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: KeepaliveTime, Timeout: KeepaliveTimeout,
			MaxConnectionIdle: MaxConnectionIdle}),
	}
}
